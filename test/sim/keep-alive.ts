import type { LastExit } from './exit-status.js';
import type { JobSpec } from './job-spec.js';
import { CRASH_SIGNALS } from './signals.js';

/**
 * Whether loading the job spawns it: RunAtLoad, KeepAlive true, or a KeepAlive dictionary with
 * SuccessfulExit (launchd.plist(5): that key implies RunAtLoad).
 */
export function spawnsAtLoad(spec: JobSpec): boolean {
  if (spec.runAtLoad) return true;
  if (spec.keepAlive.kind === 'always') return true;
  return spec.keepAlive.kind === 'conditions' && spec.keepAlive.successfulExit !== null;
}

/** Whether KeepAlive respawns the job after this exit (one that launchd did not ask for). */
export function respawnsAfter(spec: JobSpec, exit: LastExit): boolean {
  const keepAlive = spec.keepAlive;
  if (keepAlive.kind === 'never') return false;
  if (keepAlive.kind === 'always') return true;
  if (exit.kind === 'never') return false;
  const succeeded = exit.kind === 'code' && exit.code === 0;
  const crashed = exit.kind === 'reason' || (exit.kind === 'signal' && CRASH_SIGNALS.has(exit.signal));
  if (keepAlive.successfulExit !== null && keepAlive.successfulExit === succeeded) return true;
  return keepAlive.crashed !== null && keepAlive.crashed === crashed;
}
