/**
 * The invariant of every integration test: two gateways of one HERMES_HOME are never alive at the
 * same instant. Intervals come from the simulator's log (spawn → reaped) for a gateway launchd
 * spawned itself, and from the stand-in's own events (start → exit) for the rest: a gateway under
 * Hermes's stderr wrapper (the child of launchd's process) and a gateway started by hand.
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StandinEvent } from './standin.js';
import { isPidAlive } from '../sim/pid.js';
import type { SimEvent, SpawnEvent } from '../sim/types.js';

export { monotonicMicros as nowMicros } from '../sim/clock.js';

/** Narrows the check, for tests that set up a duplicate on purpose. */
export interface InvariantOptions {
  /** µs (see `nowMicros`): only overlaps that last until after this instant count. */
  since?: number;
  /** Leaves out intervals the test created itself (e.g. a hand-loaded duplicate). */
  ignore?: (interval: GatewayInterval) => boolean;
}

export interface GatewayInterval {
  home: string;
  pid: number;
  /** µs, CLOCK_MONOTONIC. */
  start: number;
  /** µs; null while it has not ended (open interval). */
  end: number | null;
  /** `gui/501/ai.hermes.gateway` for a launchd job, `unsupervised` otherwise. */
  source: string;
}

const UNKNOWN_HOME = '(unknown HERMES_HOME)';

function isGatewayArgv(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === 'gateway' && argv[i + 1] === 'run');
}

/** Hermes's stderr wrapper: launchd's process, whose child is the gateway. */
function isWrapperArgv(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.includes('hermes_cli.stderr_timestamp'));
}

/** Start events of the stand-in, by pid, in order (a pid may be reused). */
function standinStarts(events: readonly StandinEvent[]): Map<number, StandinEvent[]> {
  const starts = new Map<number, StandinEvent[]>();
  for (const event of events) {
    if (event.type !== 'start') continue;
    starts.set(event.pid, [...(starts.get(event.pid) ?? []), event]);
  }
  return starts;
}

/** The stand-in start of the process this spawn created: same pid, logged after the spawn. */
function startOfSpawn(spawn: SpawnEvent, starts: Map<number, StandinEvent[]>): StandinEvent | null {
  return (starts.get(spawn.pid) ?? []).find((start) => start.t >= spawn.t) ?? null;
}

/** The gateways a wrapper spawn started: stand-in starts whose parent is the spawned process, after the spawn. */
function childrenOfSpawn(spawn: SpawnEvent, events: readonly StandinEvent[]): StandinEvent[] {
  return events.filter((event) => event.type === 'start' && event.ppid === spawn.pid && event.t >= spawn.t);
}

/** When the gateway of `start` ended: the last exit logged for its pid (its own, or its reaper's) before that pid starts again. */
function endOf(start: StandinEvent, events: readonly StandinEvent[]): number | null {
  let end: number | null = null;
  for (const event of events) {
    if (event.pid !== start.pid || event.t < start.t) continue;
    if (event.type === 'start' && event !== start) break;
    if (event.type === 'exit') end = event.t;
  }
  return end;
}

function launchdIntervals(simEvents: readonly SimEvent[], standinEvents: readonly StandinEvent[], starts: Map<number, StandinEvent[]>): {
  intervals: GatewayInterval[];
  claimed: Set<StandinEvent>;
} {
  const intervals: GatewayInterval[] = [];
  const claimed = new Set<StandinEvent>();
  const open = new Map<number, GatewayInterval>();
  const ordered = [...standinEvents].sort((a, b) => a.t - b.t);
  for (const event of [...simEvents].sort((a, b) => a.t - b.t)) {
    if (event.type === 'spawn' && isWrapperArgv(event.argv)) {
      for (const child of childrenOfSpawn(event, ordered)) {
        claimed.add(child);
        intervals.push({ home: resolve(child.home), pid: child.pid, start: child.t, end: endOf(child, ordered), source: `${event.domain}/${event.label}` });
      }
    } else if (event.type === 'spawn') {
      const start = startOfSpawn(event, starts);
      if (start === null && !isGatewayArgv(event.argv)) continue;
      if (start !== null) claimed.add(start);
      const home = event.home ?? start?.home ?? UNKNOWN_HOME;
      const interval: GatewayInterval = {
        home: home === UNKNOWN_HOME ? home : resolve(home),
        pid: event.pid,
        start: event.t,
        end: null,
        source: `${event.domain}/${event.label}`,
      };
      intervals.push(interval);
      open.set(event.pid, interval);
    } else if (event.type === 'exit') {
      const interval = open.get(event.pid);
      if (interval !== undefined) interval.end = event.t;
      open.delete(event.pid);
    }
  }
  return { intervals, claimed };
}

function unsupervisedIntervals(events: readonly StandinEvent[], claimed: Set<StandinEvent>): GatewayInterval[] {
  const intervals: GatewayInterval[] = [];
  const open = new Map<number, GatewayInterval>();
  const ignored = new Set<number>();
  for (const event of [...events].sort((a, b) => a.t - b.t)) {
    if (event.type === 'start') {
      open.delete(event.pid);
      ignored.delete(event.pid);
      if (claimed.has(event)) {
        ignored.add(event.pid);
        continue;
      }
      const interval: GatewayInterval = {
        home: resolve(event.home),
        pid: event.pid,
        start: event.t,
        end: null,
        source: 'unsupervised',
      };
      intervals.push(interval);
      open.set(event.pid, interval);
    } else if (event.type === 'exit' && !ignored.has(event.pid)) {
      // a later exit (the parent's, after reaping) extends the interval to the latest
      const interval = open.get(event.pid) ?? intervals.findLast((item) => item.pid === event.pid);
      if (interval !== undefined && (interval.end === null || interval.end < event.t)) interval.end = event.t;
    }
  }
  return intervals;
}

/** Every gateway's alive interval, launchd-spawned and unsupervised, sorted by start. */
export function gatewayIntervals(
  simEvents: readonly SimEvent[],
  standinEvents: readonly StandinEvent[] = [],
): GatewayInterval[] {
  const starts = standinStarts(standinEvents);
  const { intervals, claimed } = launchdIntervals(simEvents, standinEvents, starts);
  return [...intervals, ...unsupervisedIntervals(standinEvents, claimed)].sort((a, b) => a.start - b.start);
}

export interface EventLogs {
  simEvents: SimEvent[];
  standinEvents: StandinEvent[];
}

/**
 * How long the logs may take to record a gateway's end: a gateway killed after its wrapper died
 * has no reaper to log its exit; its exit watcher logs it (with the instant it died) half a
 * second later.
 */
const LOGS_SETTLE_MS = 5_000;

/** The logs once they have caught up with the processes: no interval is open for a dead pid. */
export async function settledLogs(read: () => Promise<EventLogs>): Promise<EventLogs & { intervals: GatewayInterval[] }> {
  const deadline = Date.now() + LOGS_SETTLE_MS;
  for (;;) {
    const logs = await read();
    const intervals = gatewayIntervals(logs.simEvents, logs.standinEvents);
    if (intervals.every((i) => i.end !== null || isPidAlive(i.pid)) || Date.now() > deadline) return { ...logs, intervals };
    await sleep(50);
  }
}

function overlap(a: GatewayInterval, b: GatewayInterval, since: number): boolean {
  const end = Math.min(a.end ?? Infinity, b.end ?? Infinity);
  return Math.max(a.start, b.start) < end && end > since;
}

/** Pairs of intervals of one home that overlap in time (and still overlap after `since`). */
export function overlappingGateways(
  intervals: readonly GatewayInterval[],
  since = -Infinity,
): Array<[GatewayInterval, GatewayInterval]> {
  const pairs: Array<[GatewayInterval, GatewayInterval]> = [];
  for (let i = 0; i < intervals.length; i += 1) {
    for (let j = i + 1; j < intervals.length; j += 1) {
      const a = intervals[i];
      const b = intervals[j];
      if (a !== undefined && b !== undefined && a.home === b.home && overlap(a, b, since)) pairs.push([a, b]);
    }
  }
  return pairs;
}

function ms(t: number, origin: number): string {
  return `+${((t - origin) / 1000).toFixed(1)}ms`;
}

function describeInterval(interval: GatewayInterval, origin: number): string {
  const end = interval.end === null ? 'still alive' : ms(interval.end, origin);
  return `pid ${interval.pid} (${interval.source}) from ${ms(interval.start, origin)} to ${end}`;
}

function timeline(simEvents: readonly SimEvent[], standinEvents: readonly StandinEvent[], origin: number): string[] {
  const rows: Array<{ t: number; text: string }> = [
    ...simEvents.map((event) => {
      const { t, type, ...rest } = event;
      return { t, text: `launchd  ${type} ${JSON.stringify(rest)}` };
    }),
    ...standinEvents.map((event) => {
      const { t, type, ...rest } = event;
      return { t, text: `gateway  ${type} ${JSON.stringify(rest)}` };
    }),
  ];
  return rows.sort((a, b) => a.t - b.t).map((row) => `  ${ms(row.t, origin).padStart(12)}  ${row.text}`);
}

/** The last `rows` events of both logs, one line each (a spawn without its argv), for a failure message. */
export function timelineTail(simEvents: readonly SimEvent[], standinEvents: readonly StandinEvent[], rows = 150): string[] {
  const origin = Math.min(...simEvents.map((e) => e.t), ...standinEvents.map((e) => e.t));
  const brief = simEvents.map((event) => (event.type === 'spawn' ? { ...event, argv: [event.argv.join(' ').slice(-60)] } : event));
  return timeline(brief, standinEvents, origin).slice(-rows);
}

/** Throws, with a readable timeline, if two gateways of one home were ever alive at once. */
export function assertNeverTwoGateways(
  simEvents: readonly SimEvent[],
  standinEvents: readonly StandinEvent[] = [],
  options: InvariantOptions = {},
): void {
  const ignore = options.ignore ?? ((): boolean => false);
  const intervals = gatewayIntervals(simEvents, standinEvents).filter((interval) => !ignore(interval));
  const pairs = overlappingGateways(intervals, options.since);
  if (pairs.length === 0) return;
  const origin = Math.min(...simEvents.map((e) => e.t), ...standinEvents.map((e) => e.t));
  const lines = pairs.map(
    ([a, b]) =>
      `- ${a.home}:\n    ${describeInterval(a, origin)}\n    ${describeInterval(b, origin)}`,
  );
  throw new Error(
    [
      'Two gateways of the same HERMES_HOME were alive at the same time:',
      ...lines,
      'Timeline:',
      ...timeline(simEvents, standinEvents, origin),
    ].join('\n'),
  );
}
