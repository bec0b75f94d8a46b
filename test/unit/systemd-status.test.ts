import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderUnitText } from '../../electron/service/hermes/layouts.js';
import type { GatewayProcess } from '../../electron/service/processes.js';
import { meaningOf } from '../../electron/service/systemd/systemctl-errors.js';
import type { UnitObservation } from '../../electron/service/systemd/observe.js';
import { statusOf } from '../../electron/service/systemd/status.js';
import { userBus } from '../../electron/service/systemd/user-bus.js';
import { parseUnit } from '../../electron/service/systemd/unit-file.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import { hitStartLimit, parseShow } from '../../electron/service/systemd/unit-record.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-systemd-status-'));
const launcherPath = path.join(dir, 'hermes');
writeFileSync(launcherPath, '#!/bin/sh\n');
chmodSync(launcherPath, 0o755);
const home = path.join(dir, '.hermes');
const target = { home, profile: null, label: 'hermes-gateway.service', plistPath: path.join(dir, 'hermes-gateway.service') };
const uid = process.getuid?.() ?? 0;
const spec = { userHome: dir, user: 'ada', uid, runtimeDir: null };
/** The unit Hermes 0.21 writes for this launcher. */
const hermesUnit = renderUnitText({
  generation: '0.21',
  version: '0.21.3',
  home,
  profile: null,
  launchdArguments: [],
  unitCommand: [launcherPath, 'gateway', 'run'],
  cleanupCommand: [launcherPath, '--run-module', 'gateway.cgroup_cleanup'],
  path: '/usr/bin:/bin',
  virtualEnv: null,
});
const parsed = parseUnit(hermesUnit, spec);

/** What `systemctl --user show` prints for a unit, as Key=value lines. */
function shown(fields: Record<string, string | number>): string {
  const base = {
    LoadState: 'loaded',
    ActiveState: 'inactive',
    SubState: 'dead',
    Result: 'success',
    MainPID: 0,
    ExecMainPID: 0,
    ExecMainCode: 0,
    ExecMainStatus: 0,
    NRestarts: 0,
    FragmentPath: target.plistPath,
    UnitFileState: 'enabled',
    NeedDaemonReload: 'no',
  };
  return Object.entries({ ...base, ...fields })
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

const record = (fields: Record<string, string | number> = {}): UnitRecord => parseShow(shown(fields));
const running = (pid: number, fields: Record<string, string | number> = {}): UnitRecord =>
  record({ ActiveState: 'active', SubState: 'running', MainPID: pid, ExecMainPID: pid, ...fields });

function obs(overrides: Partial<UnitObservation> = {}): UnitObservation {
  return {
    target,
    uid,
    user: 'ada',
    userHome: dir,
    bus: { ok: true },
    unit: { exists: true, parsed, mode: 0o644, uid, isSymlink: false },
    install: { hermes: launcherPath, foundBy: 'install root' },
    record: record(),
    legacy: null,
    lingering: true,
    gateways: [],
    pidFile: null,
    report: null,
    stateUnreadable: false,
    lockHolder: undefined,
    logsWritable: true,
    checkedAt: Date.now(),
    ...overrides,
  };
}

const gateway = (pid: number): GatewayProcess => ({ pid, ppid: 1, pgid: pid, ancestors: [1], argv: [launcherPath, 'gateway', 'run'], hermesHome: home, userHome: null, startedAt: Date.now() - 5_000 });
const pidFile = (pid: number) => ({ pid, startTime: null, argv: ['-c', 'gateway', 'run'], home });
const report = (pid: number, state: 'running' | 'draining') => ({ state, exitReason: null, activeAgents: 0, updatedAt: Date.now(), stale: false, platforms: [], writer: pidFile(pid) });
const codes = (o: UnitObservation) => statusOf(o).problems.map((p) => p.code);

describe('systemctl show', () => {
  it('reads the record in any order, with the main process and its last exit', () => {
    const r = parseShow('MainPID=4242\nActiveState=active\nNRestarts=3\nExecMainCode=0\nExecMainStatus=0\nUnitFileState=enabled\nNeedDaemonReload=yes\nRestartUSec=100ms\n');
    expect(r).toMatchObject({ activeState: 'active', mainPid: 4242, restarts: 3, lastExitCode: null, lastSignal: null, unitFileState: 'enabled', needsReload: true, restartDelayMs: 100 });
  });

  it('tells an exit code (CLD_EXITED) from a signal (CLD_KILLED, CLD_DUMPED)', () => {
    expect(record({ ExecMainCode: 1, ExecMainStatus: 75 })).toMatchObject({ lastExitCode: 75, lastSignal: null });
    expect(record({ ExecMainCode: 2, ExecMainStatus: 9 })).toMatchObject({ lastExitCode: null, lastSignal: 'SIGKILL' });
    expect(record({ ExecMainCode: 3, ExecMainStatus: 11 })).toMatchObject({ lastSignal: 'SIGSEGV' });
  });

  it('a unit systemd does not know has no main pid', () => {
    expect(parseShow('LoadState=not-found\nActiveState=inactive\nMainPID=0\n')).toMatchObject({ loadState: 'not-found', mainPid: null, unitFileState: null });
  });

  it('start-limit-hit only as systemd says it (Result=start-limit-hit), never guessed from a failed unit', () => {
    expect(hitStartLimit(record({ ActiveState: 'failed', Result: 'start-limit-hit' }))).toBe(true);
    // A crash loop stopped by the limit keeps the crash's Result; a stop that ended with exit 1 looks the same.
    expect(hitStartLimit(record({ ActiveState: 'failed', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1 }))).toBe(false);
    expect(hitStartLimit(record({ ActiveState: 'failed', Result: 'timeout' }))).toBe(false);
  });
});

describe('state', () => {
  it.each<[string, Partial<UnitObservation>, string]>([
    ['no unit file, unknown to systemd', { unit: { exists: false }, record: record({ LoadState: 'not-found' }) }, 'not-installed'],
    ['unit file, inactive', {}, 'stopped'],
    ['running with a main pid its pid file names', { record: running(42), gateways: [gateway(42)], pidFile: pidFile(42), report: report(42, 'running') }, 'running'],
    ['a main pid that has not written its pid file yet', { record: running(42), gateways: [{ ...gateway(42), startedAt: Date.now() }] }, 'starting'],
    ['a main pid whose gateway process is not seen yet', { record: running(42) }, 'starting'],
    ['waiting to restart after a planned restart (75)', { record: record({ ActiveState: 'activating', SubState: 'auto-restart', ExecMainCode: 1, ExecMainStatus: 75 }) }, 'starting'],
    ['waiting to restart after a crash', { record: record({ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1 }) }, 'crashed'],
    ['being stopped', { record: record({ ActiveState: 'deactivating', SubState: 'stop-sigterm', MainPID: 42 }) }, 'stopping'],
    ['failed', { record: record({ ActiveState: 'failed', Result: 'exit-code' }) }, 'crashed'],
    ['no user bus', { bus: { ok: false, reason: 'x', nextStep: 'y' }, record: null }, 'unknown'],
  ])('%s → %s', (_name, overrides, state) => {
    expect(statusOf(obs(overrides)).state).toBe(state);
  });

  it('reports the gateway draining as stopping', () => {
    const o = obs({ record: running(42), gateways: [gateway(42)], pidFile: pidFile(42), report: report(42, 'draining') });
    expect(statusOf(o).state).toBe('stopping');
  });

  it('keeps the public shape: backend, unit name as label, unit file as plistPath, systemd --user as domain', () => {
    expect(statusOf(obs({ record: running(42, { NRestarts: 2 }), gateways: [gateway(42)] }))).toMatchObject({
      backend: 'systemd',
      label: 'hermes-gateway.service',
      plistPath: target.plistPath,
      domain: 'systemd --user',
      pid: 42,
      runs: 2,
    });
  });
});

describe('problems', () => {
  it('a healthy, lingering gateway has none', () => {
    expect(codes(obs({ record: running(42), gateways: [gateway(42)] }))).toEqual([]);
  });

  it('no user bus: the reason and the next step, and no guess about which gateway is whose', () => {
    const status = statusOf(obs({ bus: { ok: false, reason: 'XDG_RUNTIME_DIR is not set', nextStep: 'export it' }, record: null, gateways: [gateway(42)] }));
    expect(status.problems).toEqual([expect.objectContaining({ code: 'no-user-bus', severity: 'error', fix: null, nextStep: 'export it' })]);
    expect(status.duplicates).toEqual([]);
  });

  it('lingering off: a warning with the loginctl command', () => {
    expect(statusOf(obs({ lingering: false })).problems).toContainEqual(expect.objectContaining({ code: 'linger-off', severity: 'warning', nextStep: 'Run `loginctl enable-linger ada`.' }));
  });

  it('a legacy hermes.service of this home: an error while it runs a gateway, a warning otherwise', () => {
    const legacy = (r: UnitRecord) => ({ legacy: { name: 'hermes.service', path: '/x/hermes.service', record: r } });
    const runningLegacy = statusOf(obs({ record: running(42), gateways: [gateway(42), gateway(43)], ...legacy(running(43)) }));
    expect(runningLegacy.problems).toEqual([expect.objectContaining({ code: 'legacy-unit', severity: 'error' })]);
    expect(runningLegacy.duplicates).toEqual([43]);
    expect(statusOf(obs(legacy(record()))).problems).toContainEqual(expect.objectContaining({ code: 'legacy-unit', severity: 'warning' }));
  });

  it('start-limit-hit, a configuration error (78) and a crash loop', () => {
    expect(codes(obs({ record: record({ ActiveState: 'failed', Result: 'start-limit-hit', ExecMainCode: 1, ExecMainStatus: 0, NRestarts: 5 }) }))).toEqual(['start-limit-hit']);
    // Stopped by its start limit after crashing: a crash loop systemd no longer restarts.
    const gaveUp = statusOf(obs({ record: record({ ActiveState: 'failed', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1, NRestarts: 5 }) }));
    expect(gaveUp.problems.map((p) => p.code)).toEqual(['crash-loop']);
    expect(gaveUp.problems[0]?.message).toMatch(/systemd has stopped restarting it/);
    // Failed once (an exit 1 on SIGTERM at a stop): one crash, with its exit and next step.
    expect(codes(obs({ record: record({ ActiveState: 'failed', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1 }) }))).toEqual(['gateway-crashed']);
    expect(codes(obs({ record: record({ ActiveState: 'failed', Result: 'oom-kill', ExecMainCode: 2, ExecMainStatus: 9 }) }))).toEqual(['killed-for-memory']);
    expect(codes(obs({ record: record({ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 203 }) }))).toEqual(['spawn-failed']);
    expect(codes(obs({ record: record({ ActiveState: 'failed', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 78 }) }))).toEqual(['config-error']);
    expect(
      codes(obs({ record: record({ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1, NRestarts: 5 }) })),
    ).toEqual(['crash-loop']);
    expect(
      codes(obs({ record: record({ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1, NRestarts: 2 }) })),
    ).toEqual(['gateway-crashed']);
  });

  it('restarts after failures while a gateway runs: a crash loop while it is young, history once it has stayed up', () => {
    const looping = running(42, { Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 1, NRestarts: 12 });
    expect(codes(obs({ record: looping, gateways: [gateway(42)] }))).toEqual(['crash-loop']);
    expect(codes(obs({ record: looping, gateways: [{ ...gateway(42), startedAt: Date.now() - 3_600_000 }] }))).toEqual([]);
  });

  it('a file changed since systemd loaded it is outdated; a gateway whose process shows the Python its launcher exec\'d is not', () => {
    expect(codes(obs({ record: running(42, { NeedDaemonReload: 'yes' }), gateways: [gateway(42)] }))).toEqual(['job-outdated']);
    const execd = { ...gateway(42), argv: ['/store/python3', '-I', '-c', "import runpy; runpy.run_module('hermes_cli.main')", 'gateway', 'run'] };
    expect(codes(obs({ record: running(42), gateways: [execd] }))).toEqual([]);
  });

  it('stopped on purpose: no problem; not loaded since the file was written: not-loaded; not enabled: job-disabled', () => {
    expect(statusOf(obs())).toMatchObject({ state: 'stopped', problems: [] });
    expect(codes(obs({ record: record({ LoadState: 'not-found' }) }))).toEqual(['not-loaded']);
    expect(codes(obs({ record: running(42, { UnitFileState: 'disabled' }), gateways: [gateway(42)] }))).toEqual(['job-disabled']);
  });

  it('gateways systemd does not own: unsupervised alone, duplicates beside the unit’s', () => {
    expect(codes(obs({ gateways: [gateway(7)] }))).toEqual(['not-loaded', 'unsupervised-gateway']);
    const both = statusOf(obs({ record: running(42), gateways: [gateway(42), gateway(7)] }));
    expect(both.problems.map((p) => p.code)).toEqual(['duplicate-gateways']);
    expect(both.duplicates).toEqual([7]);
  });
});

describe('the user bus', () => {
  it('no XDG_RUNTIME_DIR (after su or sudo) is no bus', () => {
    const bus = userBus({}, uid, 'ada');
    expect(bus).toMatchObject({ ok: false, reason: expect.stringMatching(/XDG_RUNTIME_DIR is not set/) });
  });

  it('a runtime folder without the manager’s sockets: log in or enable lingering', () => {
    expect(userBus({ XDG_RUNTIME_DIR: dir }, uid, 'ada')).toMatchObject({ ok: false, nextStep: expect.stringContaining('loginctl enable-linger ada') });
  });

  it('a session bus address is enough without XDG_RUNTIME_DIR', () => {
    expect(userBus({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, uid, 'ada')).toEqual({ ok: true });
  });
});

describe('systemctl errors', () => {
  it.each([
    ['Failed to connect to bus: No such file or directory', 'no-user-bus'],
    ['Failed to connect to user scope bus via local transport: $DBUS_SESSION_BUS_ADDRESS and $XDG_RUNTIME_DIR not defined', 'no-user-bus'],
    ['Job for x.service failed.\nStart request repeated too quickly.', 'start-limit-hit'],
    ['Failed to start x.service: Unit x.service is masked.', 'job-disabled'],
    ['Failed to start x.service: Unit x.service failed to load properly, please adjust/correct and reload service manager: Bad message', 'plist-invalid'],
    ['Failed to stop x.service: Unit x.service not loaded.', 'not-loaded'],
    ['something new', 'systemctl-failed'],
  ])('%s → %s', (stderr, code) => {
    expect(meaningOf(stderr, 1).code).toBe(code);
  });
});
