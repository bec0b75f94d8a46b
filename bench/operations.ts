/**
 * Items 1 and 2: a restart, and a start that has to replace a plist whose install an upgrade
 * removed, each timed from the engine call to its return (the gateway then reports running) and
 * set against the floor the gateway's and the simulator's own timestamps show. launchd's process
 * is Hermes 0.21's stderr wrapper; the gateway is its child, and the pids timed are the gateway's.
 */
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../electron/service/engine.js';
import type { Operation } from '../electron/service/types.js';
import { pollUntil } from '../electron/service/wait.js';
import { monotonicMicros } from '../test/sim/clock.js';
import type { SimEvent } from '../test/support/simulator.js';
import type { HermesInstall, StandinEvent } from '../test/support/standin.js';
import { installHermes } from '../test/support/standin.js';
import type { Figures } from './figures.js';
import type { Interval } from './intervals.js';
import { lengthOutside } from './intervals.js';
import type { Rig } from './rig.js';
import { commandsBetween, withRig } from './rig.js';
import type { Summary } from './stats.js';
import { summarize } from './stats.js';

/** One timed operation, in ms. */
export interface OperationSample {
  totalMs: number;
  floorMs: number;
  /** From launchd's spawn to the gateway's first event: starting the wrapper and the gateway, not the engine's doing. */
  processStartMs: number;
  /** Of the rest (the engine's overhead): the time some launchctl call was running. */
  launchctlWaitMs: number;
  launchctlCalls: number;
}

const ms = (micros: number): number => micros / 1000;
const EVENT_DEADLINE_MS = 10_000;

function find<E extends { type: string; t: number }>(events: E[], what: string, test: (event: E) => boolean): E {
  const found = events.find(test);
  if (!found) throw new Error(`bench: no ${what} in the event logs`);
  return found;
}

interface Timed {
  t0: number;
  t1: number;
  oldPid: number;
  newPid: number;
  gateway: StandinEvent[];
  sim: SimEvent[];
  /** launchctl calls during the operation. */
  calls: Interval[];
}

/** Runs an operation on a running gateway and collects both event logs. */
async function timed(rig: Rig, engine: Engine, operation: Operation): Promise<Timed> {
  const oldPid = (await engine.status(null)).pid;
  if (oldPid === null) throw new Error(`bench: no gateway runs before ${operation}`);
  const callsBefore = rig.launchctlCalls.length;
  const t0 = monotonicMicros();
  const result = await engine.run(operation, null);
  const t1 = monotonicMicros();
  if (result.status.state !== 'running' || result.status.pid === null || result.status.pid === oldPid) {
    throw new Error(`bench: ${operation} ended with ${result.status.state}, pid ${result.status.pid} (was ${oldPid})`);
  }
  const newPid = result.status.pid;
  // The gateway logs its `running` event just after writing the state file the engine reads.
  const gateway = await pollUntil(
    async () => {
      const events = await rig.gatewayEvents();
      return events.some((e) => e.type === 'running' && e.pid === newPid) ? events : undefined;
    },
    EVENT_DEADLINE_MS,
    20,
  );
  if (!gateway) throw new Error(`bench: the new gateway (pid ${newPid}) never logged running`);
  return { t0, t1, oldPid, newPid, gateway, sim: await rig.sim.events(), calls: rig.launchctlCalls.slice(callsBefore) };
}

/** The job process (launchd's pid: the stderr wrapper) a gateway ran under. */
function wrapperOf(run: Timed, gateway: number): number {
  const start = find(run.gateway, `start of gateway ${gateway}`, (e) => e.type === 'start' && e.pid === gateway);
  if (start.ppid === undefined) throw new Error(`bench: the start of gateway ${gateway} has no parent`);
  return start.ppid;
}

/** When launchd saw its process for the old gateway (the wrapper) exit. */
function oldJobExit(run: Timed): SimEvent {
  const wrapper = wrapperOf(run, run.oldPid);
  return find(run.sim, 'exit of the old job process', (e) => e.type === 'exit' && e.pid === wrapper && e.t >= run.t0);
}

/**
 * A sample from the spans the gateway and launchd own (`floor`, and the new job's start: the
 * wrapper's, then the gateway's), all in µs: the rest of the call's time is the engine's.
 */
function sample(run: Timed, floor: Interval[]): OperationSample {
  const start = find(run.gateway, 'start of the new gateway', (e) => e.type === 'start' && e.pid === run.newPid);
  const wrapper = wrapperOf(run, run.newPid);
  const spawn = find(run.sim, 'spawn of the new job', (e) => e.type === 'spawn' && e.pid === wrapper);
  const running = find(run.gateway, 'running of the new gateway', (e) => e.type === 'running' && e.pid === run.newPid);
  const gatewayOwned: Interval[] = [...floor, [start.t, running.t], [spawn.t, start.t]];
  const floorMs = ms([...floor, [start.t, running.t] as const].reduce((sum, [from, to]) => sum + (to - from), 0));
  return {
    totalMs: ms(run.t1 - run.t0),
    floorMs,
    processStartMs: ms(start.t - spawn.t),
    launchctlWaitMs: ms(lengthOutside(run.calls, gatewayOwned, [run.t0, run.t1])),
    launchctlCalls: commandsBetween(run.sim, run.t0, run.t1),
  };
}

/**
 * Restart: the floor is the old gateway's drain through its wrapper (draining → launchd sees the
 * wrapper pass exit 75 on) plus the new gateway's boot (start → running).
 */
function restartSample(run: Timed): OperationSample {
  const draining = find(run.gateway, 'drain of the old gateway', (e) => e.type === 'draining' && e.pid === run.oldPid && e.t >= run.t0);
  return sample(run, [[draining.t, oldJobExit(run).t]]);
}

/**
 * Refresh: the floor is the old job's stop (launchd's SIGTERM to the wrapper, which forwards it →
 * the wrapper's exit after its gateway's), launchd's teardown window after it, and the new
 * gateway's boot.
 */
function refreshSample(run: Timed, teardownWindowMs: number): OperationSample {
  const wrapper = wrapperOf(run, run.oldPid);
  const sigterm = find(run.sim, 'SIGTERM of the old job', (e) => e.type === 'signal' && e.pid === wrapper && e.signal === 'SIGTERM' && e.t >= run.t0);
  const exit = oldJobExit(run);
  return sample(run, [
    [sigterm.t, exit.t],
    [exit.t, exit.t + teardownWindowMs * 1000],
  ]);
}

/** The figures of one item from its samples (key prefix `restart` or `refresh`). */
function operationFigures(prefix: 'restart' | 'refresh', samples: OperationSample[]): Figures {
  const figure = (pick: (s: OperationSample) => number): Summary => summarize(samples.map(pick));
  return {
    [`${prefix}.ratio`]: figure((s) => s.totalMs / s.floorMs),
    [`${prefix}.overheadMs`]: figure((s) => s.totalMs - s.floorMs - s.processStartMs),
    [`${prefix}.launchctlWaitMs`]: figure((s) => s.launchctlWaitMs),
    [`${prefix}.totalMs`]: figure((s) => s.totalMs),
    [`${prefix}.floorMs`]: figure((s) => s.floorMs),
    [`${prefix}.processStartMs`]: figure((s) => s.processStartMs),
    [`${prefix}.launchctlCalls`]: figure((s) => s.launchctlCalls),
  };
}

/** The stand-in's timings: long enough to be a floor worth comparing with, short enough for 5 minutes. */
const RESTART_GATEWAY = { bootMs: 1000, drainMs: 500 };
/** ThrottleInterval 30 s becomes 0.6 s: shorter than a boot, so launchd respawns at once after exit 75. */
const RESTART_SIM_SCALE = 0.02;

export async function measureRestart(reps: number): Promise<Figures> {
  return withRig({ simScale: RESTART_SIM_SCALE, standin: RESTART_GATEWAY }, async (rig) => {
    await rig.engine.run('start', null);
    const samples: OperationSample[] = [];
    for (let i = 0; i < reps; i += 1) samples.push(restartSample(await timed(rig, rig.engine, 'restart')));
    return operationFigures('restart', samples);
  });
}

/** A teardown window of 400 ms (4 s on a Mac, scaled like every other launchd delay here). */
const REFRESH_SIM_SCALE = 0.1;
const SIM_TEARDOWN_MS = 4000;
const REFRESH_GATEWAY = { bootMs: 1000 };

/**
 * An upgrade that reinstalls Hermes in `to`'s root: the root of `from` (the one the plist names)
 * goes, `to`'s is in place, and the `~/.local/bin/hermes` forwarder names `to`'s launcher.
 */
async function reinstall(rig: Rig, from: HermesInstall, to: HermesInstall): Promise<void> {
  const removed = (install: HermesInstall): string => `${install.root}.removed-by-upgrade`;
  if (existsSync(removed(to))) await rename(removed(to), to.root);
  await rename(from.root, removed(from));
  await writeFile(path.join(rig.sim.home, '.local', 'bin', 'hermes'), `#!/bin/sh\nexec '${to.launcher}' "$@"\n`, { mode: 0o755 });
}

/**
 * Two installs of Hermes 0.21; each start follows an upgrade that removed the install the loaded
 * plist names and put the other in its place, so every start writes what the installed Hermes
 * writes and reloads the job (the old gateway stopped with the planned-stop marker).
 */
export async function measureRefresh(reps: number): Promise<Figures> {
  return withRig({ simScale: REFRESH_SIM_SCALE, teardownMs: SIM_TEARDOWN_MS, standin: REFRESH_GATEWAY }, async (rig) => {
    const installs = [rig.install, installHermes(rig.sim.home, { shape: '0.21', root: path.join(rig.sim.home, 'other-install', 'hermes-agent'), forwarder: false })] as const;
    await rig.engine.run('start', null);
    const samples: OperationSample[] = [];
    for (let i = 0; i < reps; i += 1) {
      const [from, to] = i % 2 === 0 ? installs : [installs[1], installs[0]];
      await reinstall(rig, from, to);
      samples.push(refreshSample(await timed(rig, rig.engine, 'start'), SIM_TEARDOWN_MS * REFRESH_SIM_SCALE));
    }
    return operationFigures('refresh', samples);
  });
}
