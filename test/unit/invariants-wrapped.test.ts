/**
 * The never-two-gateways check under Hermes 0.21's plist: launchd spawns the stderr wrapper and the
 * gateway is its child, so a gateway's life is its own start and exit, not the wrapper's.
 */
import { describe, expect, it } from 'vitest';
import type { StandinEvent } from '../support/standin.js';
import type { SimEvent } from '../sim/types.js';
import { assertNeverTwoGateways, gatewayIntervals } from '../support/invariants.js';

const HOME = '/u/.hermes';
const WRAPPER = ['/r/.hermes/bin/hermes', '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', '/e', '--', '/r/.hermes/bin/hermes', 'gateway', 'run'];
const spawn = (t: number, pid: number): SimEvent => ({ t, type: 'spawn', domain: 'gui/501', label: 'ai.hermes.gateway', pid, argv: WRAPPER, home: HOME });
const simExit = (t: number, pid: number): SimEvent => ({ t, type: 'exit', domain: 'gui/501', label: 'ai.hermes.gateway', pid, code: 0, signal: null });
const start = (t: number, pid: number, ppid: number): StandinEvent => ({ t, type: 'start', pid, ppid, home: HOME });
const exit = (t: number, pid: number): StandinEvent => ({ t, type: 'exit', pid, home: HOME, code: 0 });

describe('wrapped gateways', () => {
  it("a gateway's interval is its own, claimed by the wrapper launchd spawned (never an unsupervised one)", () => {
    const intervals = gatewayIntervals([spawn(10, 100), simExit(60, 100)], [start(20, 101, 100), exit(50, 101)]);
    expect(intervals).toEqual([{ home: HOME, pid: 101, start: 20, end: 50, source: 'gui/501/ai.hermes.gateway' }]);
  });

  it('a respawn whose gateway starts after the last one exited is no overlap, though the wrappers overlap', () => {
    const sim = [spawn(10, 100), spawn(55, 200), simExit(60, 100)];
    const standin = [start(20, 101, 100), exit(50, 101), start(70, 201, 200)];
    expect(() => assertNeverTwoGateways(sim, standin)).not.toThrow();
  });

  it('a gateway that outlives its wrapper (still alive) overlaps the next one', () => {
    const sim = [spawn(10, 100), simExit(40, 100), spawn(50, 200)];
    const standin = [start(20, 101, 100), start(60, 201, 200)];
    expect(() => assertNeverTwoGateways(sim, standin)).toThrow(/Two gateways of the same HERMES_HOME/);
  });

  it("an orphan's exit logged by its exit watcher ends it", () => {
    const sim = [spawn(10, 100), simExit(40, 100), spawn(50, 200)];
    const standin: StandinEvent[] = [start(20, 101, 100), { t: 45, type: 'exit', pid: 101, home: HOME, code: null, signal: 'SIGKILL' }, start(60, 201, 200)];
    expect(() => assertNeverTwoGateways(sim, standin)).not.toThrow();
  });
});
