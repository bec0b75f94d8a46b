import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, ok } from '../messages.js';
import type { CommandResult } from '../types.js';
import { isResult, noService, resolveService } from './target.js';

interface KickstartFlags {
  kill: boolean;
  printPid: boolean;
  target: string | undefined;
}

function parseFlags(args: string[]): KickstartFlags | null {
  const flags: KickstartFlags = { kill: false, printPid: false, target: undefined };
  for (const arg of args) {
    if (arg.startsWith('-') && flags.target === undefined) {
      for (const letter of arg.slice(1)) {
        if (letter === 'k') flags.kill = true;
        else if (letter === 'p') flags.printPid = true;
        else if (letter !== 's') return null;
      }
    } else if (flags.target === undefined) {
      flags.target = arg;
    } else {
      return null;
    }
  }
  return flags;
}

/**
 * `kickstart [-k] [-p] <service>`: spawns a job that does not run (obeying ThrottleInterval);
 * with -k stops a running one first. Blocks until the spawn; -p prints the pid.
 */
export async function kickstart(ctx: CommandContext): Promise<CommandResult> {
  const flags = parseFlags(ctx.args);
  if (flags === null || flags.target === undefined) {
    return fail(EXIT.usage, USAGE.kickstart);
  }
  const service = resolveService(ctx, flags.target, USAGE.kickstart);
  if (isResult(service)) return service;
  const job = service.job;
  if (job === null || job.removing) return noService(service.target);
  const printPid = (pid: number): string => (flags.printPid ? `${pid}\n` : '');
  if (!flags.kill && job.pid !== null) return ok(printPid(job.pid));
  const spawned = job.nextSpawn();
  if (flags.kill) job.restart();
  else job.requestSpawn();
  const outcome = await spawned;
  if (outcome.kind === 'removed') return noService(service.target);
  return ok(outcome.kind === 'spawned' ? printPid(outcome.pid) : '');
}
