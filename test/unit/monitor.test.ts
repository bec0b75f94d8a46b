import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/service/engine.js';
import { ServiceError } from '../../electron/service/errors.js';
import type { MonitorTiming } from '../../electron/service/monitor.js';
import type { GatewayReport, GatewayRunState } from '../../electron/service/hermes/gateway-files.js';
import { StatusMonitor } from '../../electron/service/monitor.js';
import { readSettings } from '../../electron/service/settings.js';
import type { GatewayStatus, Operation, OperationResult, StatusSnapshot } from '../../electron/service/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-monitor-'));
const FAST: MonitorTiming = { idlePollMs: 60_000, activePollMs: 60_000, pidCheckMs: 20, debounceMs: 10 };

function status(fields: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    backend: 'launchd',
    label: 'ai.hermes.gateway',
    profile: null,
    home: dir,
    plistPath: path.join(dir, 'ai.hermes.gateway.plist'),
    domain: 'gui/501',
    state: 'running',
    pid: null,
    lastExitCode: null,
    lastExitMeaning: null,
    lastSignal: null,
    runs: 1,
    uptimeMs: null,
    gateway: null,
    problems: [],
    duplicates: [],
    checkedAt: Date.now(),
    ...fields,
  };
}

function report(state: GatewayRunState, updatedAt: number): GatewayReport {
  return { state, exitReason: null, activeAgents: 0, updatedAt, stale: false, platforms: [], writer: null };
}

/** An engine whose status is whatever the test says, counting its calls. */
function fakeEngine(initial: GatewayStatus) {
  const calls = { status: 0, run: [] as Operation[] };
  let current = initial;
  let runImpl: (op: Operation) => Promise<OperationResult> = async (operation) => ({ operation, ok: true, message: 'done', actions: [], status: current });
  const engine: Engine = {
    settings: readSettings({ HOME: dir }),
    status: async (profile) => {
      calls.status += 1;
      return { ...current, profile: profile ?? null, checkedAt: Date.now() };
    },
    doctor: async () => ({ status: current, definition: null, plistChanges: [], repairPlan: [], needsRepair: false }),
    run: (operation) => {
      calls.run.push(operation);
      return runImpl(operation);
    },
    list: async () => [current],
    tailLog: async () => ({ path: '', lines: [], exists: false }),
    diagnostics: async () => '',
  };
  return {
    engine,
    calls,
    set: (next: GatewayStatus) => {
      current = next;
    },
    onRun: (impl: typeof runImpl) => {
      runImpl = impl;
    },
  };
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let monitor: StatusMonitor | null = null;
afterEach(() => monitor?.stop());

describe('the status monitor', () => {
  it('pushes the first look and every change', async () => {
    const fake = fakeEngine(status());
    monitor = new StatusMonitor(fake.engine, FAST);
    const seen: StatusSnapshot[] = [];
    monitor.onChange((s) => seen.push(s));
    await monitor.start();
    expect(seen.at(-1)?.status?.state).toBe('running');
    fake.set(status({ state: 'stopped' }));
    await monitor.refresh();
    expect(seen.at(-1)?.status?.state).toBe('stopped');
  });

  it('shares one look between concurrent refreshes, and looks once more after', async () => {
    const fake = fakeEngine(status());
    monitor = new StatusMonitor(fake.engine, FAST);
    await Promise.all(Array.from({ length: 10 }, () => monitor?.refresh()));
    await until(() => fake.calls.status === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.status).toBe(2);
  });

  it('notices a gateway process dying without polling launchctl', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const fake = fakeEngine(status({ pid: child.pid ?? null }));
    monitor = new StatusMonitor(fake.engine, FAST);
    const seen: StatusSnapshot[] = [];
    monitor.onChange((s) => seen.push(s));
    await monitor.start();
    const looks = fake.calls.status;
    fake.set(status({ state: 'crashed', pid: null, lastSignal: 'Killed: 9' }));
    child.kill('SIGKILL');
    await until(() => seen.at(-1)?.status?.state === 'crashed');
    expect(fake.calls.status).toBe(looks + 1);
  });

  it('looks again when the plist changes on disk', async () => {
    const fake = fakeEngine(status());
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    const looks = fake.calls.status;
    writeFileSync(path.join(dir, 'ai.hermes.gateway.plist'), 'x');
    await until(() => fake.calls.status > looks);
  });

  it('re-reads only the gateway’s own state file on a heartbeat (same gateway state)', async () => {
    const fake = fakeEngine(status({ gateway: report('running', 1_000) }));
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    const looks = fake.calls.status;
    writeFileSync(path.join(dir, 'gateway_state.json'), JSON.stringify({ gateway_state: 'running', updated_at: 2 }));
    await until(() => monitor?.snapshot.status?.gateway?.updatedAt === 2_000);
    expect(fake.calls.status).toBe(looks);
  });

  it('looks again when the gateway’s own state changes, so the status’s state follows it', async () => {
    const fake = fakeEngine(status({ state: 'starting', gateway: report('starting', 1_000) }));
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    const looks = fake.calls.status;
    fake.set(status({ state: 'running', gateway: report('running', 2_000) }));
    writeFileSync(path.join(dir, 'gateway_state.json'), JSON.stringify({ gateway_state: 'running', updated_at: 2 }));
    await until(() => monitor?.snapshot.status?.state === 'running');
    expect(fake.calls.status).toBe(looks + 1);
  });

  it('marks the gateway busy while an operation runs and pushes its result', async () => {
    const fake = fakeEngine(status({ pid: 1 }));
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    let finish: () => void = () => undefined;
    fake.onRun(
      (operation) =>
        new Promise((resolve) => {
          finish = () => resolve({ operation, ok: true, message: 'ok', actions: [], status: status({ pid: 2 }) });
        }),
    );
    const events: string[] = [];
    monitor.onOperation((e) => events.push(`${e.operation}:${e.phase}`));
    const pending = monitor.run('restart', null);
    expect(monitor.snapshot.busy).toBe('restart');
    finish();
    const result = await pending;
    expect(result.ok).toBe(true);
    expect(monitor.snapshot).toMatchObject({ busy: null, status: { pid: 2 } });
    expect(events).toEqual(['restart:started', 'restart:finished']);
  });

  it('returns a failure as data with the error object, and clears busy', async () => {
    const fake = fakeEngine(status());
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    fake.onRun(async () => {
      throw new ServiceError({ code: 'job-busy', message: 'm', explanation: 'e', nextStep: 'n' });
    });
    const result = await monitor.run('start', null);
    expect(result).toMatchObject({ ok: false, error: { code: 'job-busy', nextStep: 'n' } });
    expect(monitor.snapshot.busy).toBeNull();
  });

  it('switches gateways', async () => {
    const fake = fakeEngine(status());
    monitor = new StatusMonitor(fake.engine, FAST);
    await monitor.start();
    const snapshot = await monitor.select('work');
    expect(snapshot.profile).toBe('work');
    expect(snapshot.status?.profile).toBe('work');
  });
});
