import { resolve } from 'node:path';
import { parseDomain } from '../domains.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, ok } from '../messages.js';
import { readPlistLabel } from '../plist-file.js';
import type { CommandResult } from '../types.js';
import { bootoutJob } from './bootout-job.js';
import { isResult, resolveService } from './target.js';

const NOT_LOADED = `Boot-out failed: ${EXIT.noSuchProcess}: ${TEXT.noSuchProcess}`;

/** `bootout <domain>/<label>` or `bootout <domain> <plist>`: answers 0 before the process exits. */
export function bootout(ctx: CommandContext): CommandResult {
  const [first, path] = ctx.args;
  let targetText = first;
  if (path !== undefined && first !== undefined && parseDomain(first) !== null) {
    const label = readPlistLabel(resolve(ctx.cwd, path));
    if (label === null) return fail(EXIT.ioError, `Boot-out failed: ${EXIT.ioError}: ${TEXT.ioError}`);
    targetText = `${first}/${label}`;
  }
  const service = resolveService(ctx, targetText, USAGE.bootout);
  if (isResult(service)) return service;
  if (service.job === null) return fail(EXIT.noSuchProcess, NOT_LOADED);
  bootoutJob(ctx.state, service.domain, service.job, ctx.rule);
  return ok();
}
