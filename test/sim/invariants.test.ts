import { describe, expect, it } from 'vitest';
import type { StandinEvent } from '../support/standin.js';
import { assertNeverTwoGateways, gatewayIntervals, overlappingGateways } from '../support/invariants.js';
import type { SimEvent } from './types.js';

const HOME = '/Users/u/.hermes';
const OTHER = '/Users/u/.hermes/profiles/work';
const ARGV = ['/Users/u/.hermes/bin/hermes', 'gateway', 'run', '--external-supervisor'];

function spawn(t: number, pid: number, home: string | null = HOME, label = 'ai.hermes.gateway', domain = 'gui/501'): SimEvent {
  return { t, type: 'spawn', domain, label, pid, argv: ARGV, home };
}

function exit(t: number, pid: number, label = 'ai.hermes.gateway'): SimEvent {
  return { t, type: 'exit', domain: 'gui/501', label, pid, code: 0, signal: null };
}

function standin(t: number, type: StandinEvent['type'], pid: number, home = HOME): StandinEvent {
  return type === 'exit' ? { t, type, pid, home, code: 0 } : { t, type, pid, home };
}

describe('gatewayIntervals', () => {
  it('pairs launchd spawns with their exits, and leaves an interval without an exit open', () => {
    const intervals = gatewayIntervals([spawn(10, 1), exit(20, 1), spawn(30, 2)]);
    expect(intervals).toEqual([
      { home: HOME, pid: 1, start: 10, end: 20, source: 'gui/501/ai.hermes.gateway' },
      { home: HOME, pid: 2, start: 30, end: null, source: 'gui/501/ai.hermes.gateway' },
    ]);
  });

  it('ignores launchd jobs that are not gateways', () => {
    const other: SimEvent = { t: 5, type: 'spawn', domain: 'gui/501', label: 'x', pid: 9, argv: ['/bin/sleep', '9'], home: null };
    expect(gatewayIntervals([other])).toEqual([]);
  });

  it('takes the home of a launchd spawn without HERMES_HOME from the stand-in that started with its pid', () => {
    const intervals = gatewayIntervals([spawn(10, 1, null)], [standin(12, 'start', 1, OTHER)]);
    expect(intervals).toEqual([{ home: OTHER, pid: 1, start: 10, end: null, source: 'gui/501/ai.hermes.gateway' }]);
  });

  it('uses stand-in events only for gateways launchd did not spawn, and the latest exit of a pid', () => {
    const intervals = gatewayIntervals(
      [spawn(10, 1), exit(50, 1)],
      [standin(12, 'start', 1), standin(48, 'exit', 1), standin(60, 'start', 7), standin(70, 'exit', 7), { t: 71, type: 'exit', pid: 7, home: HOME, code: null, signal: 'SIGKILL' }],
    );
    expect(intervals).toEqual([
      { home: HOME, pid: 1, start: 10, end: 50, source: 'gui/501/ai.hermes.gateway' },
      { home: HOME, pid: 7, start: 60, end: 71, source: 'unsupervised' },
    ]);
  });

  it('handles a reused pid as two processes', () => {
    const intervals = gatewayIntervals([spawn(10, 1), exit(20, 1), spawn(30, 1), exit(40, 1)]);
    expect(intervals.map((i) => [i.start, i.end])).toEqual([
      [10, 20],
      [30, 40],
    ]);
  });
});

describe('overlappingGateways and assertNeverTwoGateways', () => {
  it('accepts gateways that follow each other, even back to back', () => {
    const events = [spawn(10, 1), exit(20, 1), spawn(20, 2), exit(30, 2), spawn(31, 3)];
    expect(overlappingGateways(gatewayIntervals(events))).toEqual([]);
    expect(() => assertNeverTwoGateways(events)).not.toThrow();
  });

  it('accepts two gateways of different homes at once', () => {
    const events = [spawn(10, 1, HOME), spawn(11, 2, OTHER, 'ai.hermes.gateway-work')];
    expect(() => assertNeverTwoGateways(events)).not.toThrow();
  });

  it('finds overlapping intervals of one home, open ones included', () => {
    const intervals = gatewayIntervals([spawn(10, 1), exit(30, 1), spawn(20, 2), spawn(40, 3)]);
    const pairs = overlappingGateways(intervals).map(([a, b]) => [a.pid, b.pid]);
    expect(pairs).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('catches a launchd gateway and an unsupervised one of the same home, with a readable timeline', () => {
    const sim = [spawn(1_000, 1), exit(9_000, 1)];
    const gateway = [standin(1_500, 'start', 1), standin(5_000, 'start', 2), standin(6_000, 'exit', 2)];
    expect(() => assertNeverTwoGateways(sim, gateway)).toThrowError(
      /Two gateways of the same HERMES_HOME[\s\S]*pid 1 \(gui\/501\/ai.hermes.gateway\) from \+0.0ms to \+8.0ms[\s\S]*pid 2 \(unsupervised\) from \+4.0ms to \+5.0ms[\s\S]*Timeline:/,
    );
  });

  it('since: only overlaps lasting past that instant count; ignore: leaves intervals out', () => {
    const events = [spawn(10, 1), spawn(20, 2, HOME, 'ai.hermes.gateway', 'user/501'), exit(30, 2, 'ai.hermes.gateway')];
    expect(() => assertNeverTwoGateways(events)).toThrow();
    expect(() => assertNeverTwoGateways(events, [], { since: 30 })).not.toThrow();
    expect(() => assertNeverTwoGateways(events, [], { since: 29 })).toThrow();
    expect(() => assertNeverTwoGateways(events, [], { ignore: (i) => i.source.startsWith('user/') })).not.toThrow();
  });

  it('catches the same label loaded in gui/ and user/', () => {
    const events = [spawn(10, 1), spawn(12, 2, HOME, 'ai.hermes.gateway', 'user/501')];
    expect(() => assertNeverTwoGateways(events)).toThrow(/user\/501\/ai.hermes.gateway/);
  });
});
