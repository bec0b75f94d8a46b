/** The problems every backend reports the same way, in the words of its service manager. */
import { EXIT_CONFIG_ERROR } from './hermes/exits.js';
import { hasSafePermissions } from './service-file.js';
import type { Problem } from './types.js';

/** Gateways of the home the supervisor does not own: a duplicate beside its own, else unsupervised. */
export function strayGatewayProblems(strays: number[], owned: number | null, supervisor: string): Problem[] {
  if (strays.length === 0) return [];
  const list = strays.join(', ');
  if (owned !== null || strays.length > 1) {
    return [
      {
        code: 'duplicate-gateways',
        severity: 'error',
        message: `More than one gateway runs for this home (${supervisor}'s: ${owned ?? 'none'}; others: ${list}); they fight over the bot tokens.`,
        fix: `Stop the gateways ${supervisor} does not own (${list}).`,
      },
    ];
  }
  return [
    {
      code: 'unsupervised-gateway',
      severity: 'warning',
      message: `A gateway runs outside ${supervisor} (pid ${list}): nothing restarts it if it dies.`,
      fix: `Stop it and let ${supervisor} run the gateway.`,
    },
  ];
}

/**
 * The crash-loop threshold. A loop is a last run that failed, repeated (LAUNCHD.md: a large `runs`
 * with a failed last exit or a signal is a loop even while a pid is present):
 * - launchd's own `successive crashes` at 3 or more: three in a row, each respawn at least
 *   ThrottleInterval (30 s in Hermes's plist) after the last, is no accident, whether or not a
 *   process runs this instant;
 * - else the start count: 5 or more while nothing runs. The count includes every planned restart
 *   since the job was loaded (each a 75 and a respawn), so a bar of two or three would call one
 *   failure after a few restarts a loop; five is about two minutes of looping at Hermes's 30-s
 *   throttle. A failure below it is still reported, as one crash with its exit and next step.
 *   `successive crashes` does not replace the count: real records show exit-1 loops with a large
 *   `runs` and no such line, and nothing says which signals launchd counts as crashes.
 * - or 10 or more while a process runs: launchd has just respawned it and it may be healthy. A
 *   healthy gateway collects ten spawns since its job was loaded only through nine exits, most of
 *   them planned restarts (75, not failures); a loop reaches ten within five minutes and is caught
 *   sooner by the looks that find it down between two spawns.
 * None of it counts once the process running now has stayed up LOOP_OVER_MS: the counts and the
 * last exit are lifetime fields of the job (kept across a repair, `runs` grows with every planned
 * restart), so on a gateway that stays up they are history. A public record shows `runs = 24991`,
 * a pid and `last exit reason = OS_REASON_CODESIGNING` on a daemon that was up and healthy.
 */
const SUCCESSIVE_CRASHES_LOOP = 3;
const RUNS_LOOP_WHILE_DOWN = 5;
const RUNS_LOOP_WHILE_LIVE = 10;
/**
 * Ten throttle intervals of Hermes's plist (30 s): a loop respawns at most once an interval, so a
 * gateway up this long has outlived what the counts could show. Should it fail again, the looks
 * that find it down report it.
 */
const LOOP_OVER_MS = 5 * 60_000;

/** The system, not the gateway, ended its last run: it refused to run it, or ended it (memory, …). */
export interface SystemEnd {
  kind: 'refused' | 'memory' | 'ended';
  /** What the service manager printed: OS_REASON_CODESIGNING, JETSAM_REASON_…, oom-kill. */
  reason: string;
  /** Completes "The gateway …". */
  what: string;
  nextStep: string;
}

/** How the gateway's last run failed, as its service manager recorded it. */
export interface FailedRun {
  exit: number | null;
  signal: string | null;
  end: SystemEnd | null;
  /** The supervisor could not start the program at all (launchd's `job state = spawn failed`). */
  spawnFailed: boolean;
}

/** How often the supervisor has started the gateway, and whether a process runs now. */
export interface RunCount {
  value: number | null;
  /** `starts` (launchd's runs) or `restarts` (systemd's NRestarts). */
  word: string;
  /** launchd's count of crashes in a row, when it prints one. */
  successiveCrashes: number | null;
  /**
   * A process runs now or is being started (launchd's xpcproxy): the supervisor's, the gateway may
   * not have appeared under its wrapper yet. One failure before it is no problem: it is respawned.
   */
  live: boolean;
  /** How long the gateway running now has run; null when none runs or its start is not known. */
  upMs: number | null;
  /** The supervisor starts it again by itself (launchd's `spawn scheduled`, systemd's auto-restart). */
  respawning: boolean;
}

/** A process runs and has stayed up past any loop: the counts and the last exit are history. */
function outlivedFailures(count: RunCount): boolean {
  return count.live && count.upMs !== null && count.upMs >= LOOP_OVER_MS;
}

function isCrashLoop(count: RunCount): boolean {
  if ((count.successiveCrashes ?? 0) >= SUCCESSIVE_CRASHES_LOOP) return true;
  return (count.value ?? 0) >= (count.live ? RUNS_LOOP_WHILE_LIVE : RUNS_LOOP_WHILE_DOWN);
}

/** `exit 1`, `Killed: 9`, `OS_REASON_CODESIGNING`; null when the record says nothing of how it ended. */
function lastRunWords(last: FailedRun): string | null {
  return last.end?.reason ?? last.signal ?? (last.exit !== null ? `exit ${last.exit}` : null);
}

function counted(count: RunCount): string {
  const parts = [];
  // One crash "in a row" is no row: the starts say more.
  if ((count.successiveCrashes ?? 0) > 1) parts.push(`${count.successiveCrashes} crashes in a row`);
  if (count.value !== null) parts.push(`${count.value} ${count.word}`);
  return parts.join(', ');
}

export interface CrashWords {
  supervisor: string;
  /** Why the gateway exits 78 under this supervisor. */
  configCauses: string;
  /** Why this supervisor fails to start a program. */
  spawnCauses: string;
  /** The supervisor has stopped restarting it (systemd after its start limit). */
  gaveUp?: boolean;
}

/**
 * Why a gateway whose last run failed is down, or keeps going down: the system refused or ended
 * it, the supervisor could not start it, a configuration error (78), a crash loop, or one crash
 * (with its exit and a next step: a crashed gateway is never left without one). Reported while
 * nothing runs, and while a process runs only when the failure repeats (isCrashLoop) and that
 * process has not outlived it.
 */
export function crashProblems(last: FailedRun, count: RunCount, words: CrashWords): Problem[] {
  const loop = isCrashLoop(count);
  if (count.live && (!loop || outlivedFailures(count))) return [];
  const times = count.value !== null && count.value > 1 ? ` (${count.value} ${count.word})` : '';
  const gaveUp = words.gaveUp ? ` ${words.supervisor} has stopped restarting it.` : '';
  // A supervisor that gave up starts nothing more by itself: Repair resets it and starts it once.
  const fix = words.gaveUp ? `Reset the failed state in ${words.supervisor} and start the gateway once.` : null;
  const problem = (code: Problem['code'], message: string, nextStep: string): Problem[] => [{ code, severity: 'error', message: `${message}${gaveUp}`, fix, nextStep }];
  const end = last.end;
  if (end?.kind === 'refused') return problem('spawn-refused', `The gateway ${end.what} (${end.reason})${times}.`, end.nextStep);
  if (end?.kind === 'memory') return problem('killed-for-memory', `The gateway ${end.what} (${end.reason})${times}.`, end.nextStep);
  if (last.spawnFailed) {
    const how = lastRunWords(last);
    return problem('spawn-failed', `${words.supervisor} could not start the gateway's program${how ? ` (${how})` : ''}: ${words.spawnCauses}${times}.`, "Check the program and log paths in the gateway's definition, or run Repair.");
  }
  if (last.exit === EXIT_CONFIG_ERROR) {
    return problem('config-error', `The gateway exits with 78: a configuration error (${words.configCauses}).`, "Read the gateway's error log; check for another gateway using the same token.");
  }
  // The system's reason has its own next step; an exit or a signal points at the error log.
  const nextStep = (logAdvice: string): string => end?.nextStep ?? logAdvice;
  if (loop) return problem('crash-loop', `The gateway keeps crashing (${counted(count)}; last: ${lastRunWords(last) ?? 'unknown'}).`, nextStep("Read the gateway's error log for the cause."));
  // One crash: what the supervisor does next is what the headline's exit does not say.
  if (count.respawning) return problem('gateway-crashed', `The gateway ${crashWords(last)}; ${words.supervisor} starts it again by itself.`, nextStep("If it keeps stopping, read the gateway's error log for the cause."));
  return problem('gateway-crashed', `The gateway ${crashWords(last)}, and ${words.supervisor} does not start it again by itself.`, nextStep("Read the gateway's error log for the cause, then Restart."));
}

/** Completes "The gateway …" for one failed run that is not a loop (yet). */
function crashWords(last: FailedRun): string {
  if (last.end) return `${last.end.what} (${last.end.reason})`;
  if (last.signal) return `was killed by a signal (${last.signal})`;
  return last.exit !== null ? `exited with code ${last.exit}` : 'stopped unexpectedly';
}

/** A service file others can write, or the user does not own; `why` says what that does. */
export function permissionProblems(
  file: { exists: false } | { exists: true; mode: number; uid: number; isSymlink: boolean },
  uid: number,
  path: string,
  words: { noun: string; why: string },
): Problem[] {
  if (!file.exists || file.isSymlink || hasSafePermissions(file, uid)) return [];
  const own = file.uid === uid;
  return [
    {
      code: 'bad-permissions',
      severity: 'error',
      message: `${words.why}: mode ${file.mode.toString(8).padStart(4, '0')}, owner ${file.uid}.`,
      fix: own ? `Set the ${words.noun} to mode 0644.` : null,
      ...(own ? {} : { nextStep: `Run \`sudo chown ${uid} ${path}\`.` }),
    },
  ];
}

/** The supervisor opens the logs before the gateway runs; when it cannot, the gateway never does. */
export function logPathProblems(writable: boolean, message: string): Problem[] {
  if (writable) return [];
  return [
    {
      code: 'log-path-unwritable',
      severity: 'error',
      message,
      fix: null,
      nextStep: 'Make the logs folder writable (an external volume may be unmounted or read-only).',
    },
  ];
}
