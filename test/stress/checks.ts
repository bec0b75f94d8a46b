/**
 * The invariants of the stress run, checked after every step and over the event logs at the end.
 * Each returns the violations it finds as sentences; none means the step kept the promise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../electron/service/errors.js';
import type { GatewayInterval } from '../support/invariants.js';
import type { LiveGateway, Outcome } from './world.js';

export type InvariantName =
  | 'two-gateways'
  | 'false-success'
  | 'bad-failure'
  | 'cli-contract'
  | 'plist-lost'
  | 'unhandled-error'
  | 'lock-held';

export interface Violation {
  invariant: InvariantName;
  detail: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES.filter((code) => code !== 'internal'));
const PROMISES_RUNNING = new Set(['start', 'restart', 'repair']);

export function atMostOneGateway(live: readonly LiveGateway[]): Violation[] {
  if (live.length <= 1) return [];
  return [{ invariant: 'two-gateways', detail: `${live.length} gateways alive: ${live.map((g) => `${g.pid} ${g.argv.join(' ')}`).join('; ')}` }];
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
