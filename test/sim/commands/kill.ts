import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, ok } from '../messages.js';
import { parseSignal } from '../signals.js';
import type { CommandResult } from '../types.js';
import { isResult, noService, resolveService } from './target.js';

/** `kill <signal> <service>`: signals the running process; KeepAlive decides what follows. */
export function kill(ctx: CommandContext): CommandResult {
  const [signalText, targetText] = ctx.args;
  if (signalText === undefined || targetText === undefined) {
    return fail(EXIT.usage, USAGE.kill);
  }
  const signal = parseSignal(signalText);
  if (signal === null) return fail(EXIT.usage, `Unrecognized signal: ${signalText}`);
  const service = resolveService(ctx, targetText, USAGE.kill);
  if (isResult(service)) return service;
  if (service.job === null) return noService(service.target);
  if (!service.job.signal(signal)) return fail(EXIT.noSuchProcess, TEXT.noSuchProcess);
  return ok();
}
