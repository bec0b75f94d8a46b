/**
 * The invariants of the stress run, checked after every step and over the event logs at the end.
 * Each returns the violations it finds as sentences; none means the step kept the promise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../electron/service/errors.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import type { GatewayInterval } from '../support/invariants.js';
import type { StandinEvent } from '../support/standin.js';
import type { LiveGateway, Outcome } from './world.js';

export type InvariantName =
  | 'two-gateways'
  | 'false-success'
  | 'bad-failure'
  | 'cli-contract'
  | 'plist-lost'
  | 'hermes-plist-rewritten'
  | 'not-hermes-layout'
  | 'unhandled-error'
  | 'lock-held';

export interface Violation {
  invariant: InvariantName;
  detail: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES.filter((code) => code !== 'internal'));
const PROMISES_RUNNING = new Set(['start', 'restart', 'repair']);

function describeGateways(live: readonly LiveGateway[]): string {
  return live.map((g) => `${g.pid}${g.orphanOfFault ? ' (orphaned by a fault)' : ''} ${g.argv.join(' ').slice(0, 300)}`).join('; ');
}

/**
 * At most one gateway of the home alive, not counting a gateway a fault orphaned (while launchd's
 * SIGTERM of the group ends it, launchd respawns the job, whose gateway finds the lock taken).
 */
export function atMostOneGateway(live: readonly LiveGateway[]): Violation[] {
  const counted = live.filter((g) => !g.orphanOfFault);
  if (counted.length <= 1) return [];
  return [{ invariant: 'two-gateways', detail: `${counted.length} gateways alive: ${describeGateways(live)}` }];
}

/**
 * The intervals of the never-two check, a fault's orphans ending when the fault ended their job:
 * a gateway started by a job process in `faultEnded` (pid → when it ended) stops counting then.
 */
export function withoutFaultOrphans(
  intervals: readonly GatewayInterval[],
  events: readonly StandinEvent[],
  faultEnded: ReadonlyMap<number, number>,
): GatewayInterval[] {
  const orphanedAt = new Map<string, number>();
  for (const event of events) {
    const ended = event.type === 'start' && event.ppid !== undefined ? faultEnded.get(event.ppid) : undefined;
    if (ended !== undefined && event.t <= ended) orphanedAt.set(`${event.pid}:${event.t}`, ended);
  }
  return intervals.map((interval) => {
    const at = orphanedAt.get(`${interval.pid}:${interval.start}`);
    return at === undefined || (interval.end !== null && interval.end <= at) ? interval : { ...interval, end: at };
  });
}

/** Was `pid` alive at instant `t`, by the event logs' intervals. */
function aliveAt(intervals: readonly GatewayInterval[], pid: number, t: number): boolean {
  return intervals.some((i) => i.pid === pid && i.start <= t && (i.end === null || i.end >= t));
}

function describeCall(outcome: Outcome): string {
  return `${outcome.call.op} (${outcome.call.via})`;
}

/**
 * A success left what it promised at the instant it answered: start, restart and repair a live
 * gateway with the pid they name; stop no gateway of this home. Judged from the event logs, so
 * it holds for operations that ran at once; `live` (now) judges the one that answered last.
 */
export function keptPromise(
  outcome: Outcome,
  intervals: readonly GatewayInterval[],
  home: string,
  live: readonly LiveGateway[] | null,
): Violation[] {
  const response = outcome.response;
  if (response === null || !response.ok) return [];
  const what = describeCall(outcome);
  if (PROMISES_RUNNING.has(response.operation)) {
    const pid = response.status.pid;
    if (response.status.state !== 'running' || pid === null) {
      return [{ invariant: 'false-success', detail: `${what} succeeded with state ${response.status.state}, pid ${pid}` }];
    }
    if (!aliveAt(intervals, pid, outcome.endedAt)) {
      return [{ invariant: 'false-success', detail: `${what} succeeded with pid ${pid}, which was not a live gateway when it answered` }];
    }
    if (live !== null && !live.some((g) => g.pid === pid)) {
      return [{ invariant: 'false-success', detail: `${what} succeeded with pid ${pid}, which is not running right after` }];
    }
    if (live !== null && live.some((g) => g.pid !== pid)) {
      return [{ invariant: 'false-success', detail: `${what} succeeded with pid ${pid} while other gateways ran: ${describeGateways(live)}` }];
    }
    return [];
  }
  const running = intervals.filter((i) => i.home === home && i.start <= outcome.endedAt && (i.end === null || i.end >= outcome.endedAt));
  if (running.length > 0 || (live !== null && live.length > 0)) {
    const pids = [...running.map((i) => i.pid), ...(live ?? []).map((g) => g.pid)];
    return [{ invariant: 'false-success', detail: `${what} said stopped while gateway ${[...new Set(pids)].join(', ')} ran` }];
  }
  return [];
}

/** A failure names a known code (not `internal`) and says why and what to do. */
export function wellFormedFailure(outcome: Outcome): Violation[] {
  if (outcome.contractBreach !== null) return [{ invariant: 'cli-contract', detail: outcome.contractBreach }];
  const response = outcome.response;
  if (response === null || response.ok) return [];
  const { error } = response;
  const missing = (['message', 'explanation', 'nextStep'] as const).filter((key) => typeof error[key] !== 'string' || error[key].trim() === '');
  if (!KNOWN_CODES.has(error.code) || missing.length > 0) {
    return [{ invariant: 'bad-failure', detail: `${describeCall(outcome)} failed with code ${error.code}${missing.length ? `, missing ${missing.join(', ')}` : ''}: ${error.message}` }];
  }
  return [];
}

/** A plist that existed before a step is, after it, the plist or one of its backups. */
export function plistKept(before: Buffer | null, after: Buffer | null, backups: readonly Buffer[]): Violation[] {
  if (before === null) return [];
  if (after?.equals(before) || backups.some((b) => b.equals(before))) return [];
  return [{ invariant: 'plist-lost', detail: `the plist (${before.length} bytes) is gone without a backup` }];
}

/** Hermes's own plist (a Hermes layout of an install in place) is never rewritten by an operation. */
export function hermesPlistLeftAlone(before: Buffer | null, wasHermesOwn: boolean, after: Buffer | null): Violation[] {
  if (before === null || !wasHermesOwn || after?.equals(before)) return [];
  return [{ invariant: 'hermes-plist-rewritten', detail: `Hermes's own plist was ${after === null ? 'removed' : 'rewritten'} by an operation` }];
}

/** A plist an operation wrote is what the installed Hermes writes (Hermes's comparison: PATH aside). */
export function writesHermesLayout(before: Buffer | null, after: Buffer | null, hermesWrites: string): Violation[] {
  if (after === null || before?.equals(after) || hermesNormalized(after.toString('utf8')) === hermesNormalized(hermesWrites)) return [];
  return [{ invariant: 'not-hermes-layout', detail: `an operation wrote a plist the installed Hermes would not write:\n${after.toString('utf8').slice(0, 2000)}` }];
}

function lockOwnerPid(file: string): number | null {
  try {
    const owner: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof owner === 'object' && owner !== null && typeof (owner as { pid?: unknown }).pid === 'number' ? (owner as { pid: number }).pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * With no operation running, the lock is free. A killed CLI cannot release its lock: that one
 * may stay, as long as its owner is dead, until the next operation takes it over.
 */
export function lockReleased(file: string, killedCli: boolean): Violation[] {
  if (!existsSync(file)) return [];
  const owner = lockOwnerPid(file);
  if (killedCli && (owner === null || !isAlive(owner))) return [];
  return [{ invariant: 'lock-held', detail: `${file} is still held by pid ${owner ?? '(unreadable)'} with no operation running` }];
}

export function noUnhandledErrors(errors: readonly string[]): Violation[] {
  return errors.map((detail) => ({ invariant: 'unhandled-error' as const, detail }));
}
