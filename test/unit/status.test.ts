import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GatewayReport } from '../../electron/service/hermes/gateway-files.js';
import type { Observation } from '../../electron/service/launchd/observe.js';
import { parsePlist } from '../../electron/service/launchd/plist-file.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import type { JobRecord } from '../../electron/service/launchd/print-record.js';
import { statusOf } from '../../electron/service/launchd/status.js';
import type { GatewayProcess } from '../../electron/service/processes.js';
import { handPlist } from '../support/hand-plist.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-status-'));
const launcherPath = path.join(dir, 'hermes');
writeFileSync(launcherPath, '#!/bin/sh\n');
chmodSync(launcherPath, 0o755);
const home = path.join(dir, '.hermes');
mkdirSync(home);
const target = { home, profile: null, label: 'ai.hermes.gateway', plistPath: path.join(dir, 'ai.hermes.gateway.plist') };
const uid = process.getuid?.() ?? 0;

function dict(text: string): PlistDict {
  const parsed = parsePlist(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.dict;
}
const hermesPlist = dict(handPlist(target.label, home, null, launcherPath));
const plistFile = (d: PlistDict, mode = 0o644) => ({ exists: true as const, parsed: { ok: true as const, dict: d }, mode, uid, isSymlink: false });

function record(fields: Partial<JobRecord>): JobRecord {
  return {
    path: target.plistPath,
    state: 'running',
    jobState: null,
    program: launcherPath,
    pid: null,
    runs: 1,
    successiveCrashes: null,
    lastExitCode: null,
    lastSignal: null,
    lastExitReason: null,
    ...fields,
  };
}

function obs(overrides: Partial<Observation> = {}): Observation {
  return {
    target,
    uid,
    userHome: dir,
    guiSession: true,
    domain: `gui/${uid}`,
    plist: plistFile(hermesPlist),
    install: { hermes: launcherPath, foundBy: 'install root' },
    job: null,
    otherJob: null,
    disabled: false,
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

const loaded = (fields: Partial<JobRecord>) => ({ job: { domain: `gui/${uid}` as const, record: record(fields) } });
const codes = (o: Observation) => statusOf(o).problems.map((p) => p.code);
/** A gateway process of this home; `under` is launchd's pid when it runs under the stderr wrapper. */
const gateway = (pid: number, under: number | null = null): GatewayProcess => ({
  pid,
  ppid: under ?? 1,
  pgid: under ?? pid,
  ancestors: under === null ? [1] : [under, 1],
  argv: [launcherPath, 'gateway', 'run'],
  hermesHome: home,
  userHome: null,
  startedAt: Date.now() - 5_000,
});
const pidFile = (pid: number) => ({ pid, startTime: null, argv: ['-c', 'gateway', 'run'], home });
const report = (pid: number, state: GatewayReport['state']): GatewayReport => ({
  state,
  exitReason: null,
  activeAgents: 0,
  updatedAt: Date.parse('2020-01-01T00:00:00Z'),
  stale: false,
  platforms: [],
  writer: pidFile(pid),
});
/** A gateway that has booted and said so: its process, its pid file, its state file. */
const booted = (pid: number, under: number | null = null) => ({ gateways: [gateway(pid, under)], pidFile: pidFile(pid), report: report(pid, 'running') });

describe('state', () => {
  it.each<[string, Partial<Observation>, string]>([
    ['no plist, not loaded', { plist: { exists: false } }, 'not-installed'],
    ['plist, not loaded', {}, 'stopped'],
    ['running, its pid file and state file naming it', { ...loaded({ pid: 42 }), ...booted(42) }, 'running'],
    ['running under the stderr wrapper', { ...loaded({ pid: 41 }), ...booted(42, 41) }, 'running'],
    ['the wrapper runs, its gateway not yet', loaded({ pid: 41 }), 'starting'],
    ['a gateway that has not written its pid file yet', { ...loaded({ pid: 42 }), gateways: [{ ...gateway(42), startedAt: Date.now() }] }, 'starting'],
    ['a gateway whose pid file still names its predecessor', { ...loaded({ pid: 42 }), gateways: [{ ...gateway(42), startedAt: Date.now() }], pidFile: pidFile(40) }, 'starting'],
    ['a gateway whose pid file another took over, holding its lock', { ...loaded({ pid: 42 }), gateways: [gateway(42)], pidFile: pidFile(40), lockHolder: 42 }, 'running'],
    ['a gateway whose pid file and lock file another removed', { ...loaded({ pid: 42 }), gateways: [gateway(42)], lockHolder: null }, 'running'],
    ['a gateway that lost gateway.lock to another process', { ...loaded({ pid: 42 }), gateways: [gateway(42)], pidFile: pidFile(43), lockHolder: 43 }, 'starting'],
    // (a pid no process has here: a record with a start time is checked against the kernel's)
    ['a gateway that wrote its pid file, not yet its state file', { ...loaded({ pid: 4_000_042 }), gateways: [{ ...gateway(4_000_042), startedAt: Date.now() }], pidFile: { ...pidFile(4_000_042), startTime: '1' }, lockHolder: 4_000_042 }, 'starting'],
    ['a gateway whose state file is there but cannot be read (damaged, not unwritten)', { ...loaded({ pid: 4_000_042 }), gateways: [{ ...gateway(4_000_042), startedAt: Date.now() }], pidFile: { ...pidFile(4_000_042), startTime: '1' }, stateUnreadable: true, lockHolder: 4_000_042 }, 'running'],
    ['a gateway whose pid file another wrote over, its own state file saying running', { ...loaded({ pid: 42 }), gateways: [{ ...gateway(42), startedAt: Date.now() }], pidFile: pidFile(40), report: report(42, 'running') }, 'running'],
    ['a very old Hermes: a bare-number pid file and no state file at all', { ...loaded({ pid: 42 }), gateways: [gateway(42)], pidFile: pidFile(42) }, 'running'],
    ['a gateway that took its lock a moment ago and has not written its pid file yet', { ...loaded({ pid: 42 }), gateways: [{ ...gateway(42), startedAt: Date.now() }], lockHolder: 42 }, 'starting'],
    ['an idle gateway whose updated_at is days old', { ...loaded({ pid: 42 }), ...booted(42) }, 'running'],
    ['being booted out', loaded({ pid: 42, state: 'SIGTERMed' }), 'stopping'],
    ['throttled after a planned restart', loaded({ state: 'spawn scheduled', lastExitCode: 75 }), 'starting'],
    ['died with 1', loaded({ state: 'not running', lastExitCode: 1 }), 'crashed'],
    ['killed', loaded({ state: 'not running', lastSignal: 'Killed: 9' }), 'crashed'],
    ['being exec\'d (xpcproxy): no pid yet', loaded({ state: 'xpcproxy' }), 'starting'],
    ['a failed spawn launchd retries', loaded({ state: 'spawn scheduled', jobState: 'spawn failed', lastExitCode: 78 }), 'crashed'],
    ['a spawn macOS refused', loaded({ state: 'spawn scheduled', jobState: 'spawn failed', lastExitReason: 'OS_REASON_CODESIGNING' }), 'crashed'],
    ['a crash loop caught while a process runs', { ...loaded({ pid: 42, runs: 38771, lastExitCode: 1 }), ...booted(42) }, 'running'],
    ['exited 0', loaded({ state: 'not running', lastExitCode: 0 }), 'stopped'],
  ])('%s → %s', (_name, o, state) => {
    expect(statusOf(obs(o)).state).toBe(state);
  });

  it("uses the gateway's own word while it boots or drains", () => {
    const own = (state: 'starting' | 'draining') => ({ ...loaded({ pid: 42 }), ...booted(42), report: report(42, state) });
    expect(statusOf(obs(own('starting'))).state).toBe('starting');
    expect(statusOf(obs(own('draining'))).state).toBe('stopping');
  });

  it("shows the gateway's pid and its process's uptime, not the wrapper's", () => {
    const status = statusOf(obs({ ...loaded({ pid: 41 }), ...booted(42, 41) }));
    expect(status.pid).toBe(42);
    expect(status.uptimeMs).toBeGreaterThanOrEqual(4_000);
    expect(status.uptimeMs).toBeLessThan(60_000);
    expect(status.duplicates).toEqual([]);
  });
});

describe("the gateway's own report", () => {
  it('is live while the process that wrote it runs, however old its updated_at', () => {
    expect(statusOf(obs({ ...loaded({ pid: 42 }), ...booted(42) })).gateway?.stale).toBe(false);
  });
  it('is stale once that process is gone (a SIGKILL leaves "running" behind)', () => {
    expect(statusOf(obs({ ...loaded({ state: 'not running', lastSignal: 'Killed: 9' }), pidFile: pidFile(42), report: report(42, 'running') })).gateway?.stale).toBe(true);
  });
});

describe('problems', () => {
  it('plist missing, unreadable, not Hermes\'s, another home\'s, program gone', () => {
    expect(codes(obs({ plist: { exists: false } }))).toEqual(['plist-missing']);
    expect(codes(obs({ plist: { exists: true, parsed: { ok: false, reason: 'x' }, mode: 0o644, uid, isSymlink: false } }))).toContain('plist-invalid');
    const notAGateway = statusOf(obs({ plist: plistFile({ ...hermesPlist, ProgramArguments: [launcherPath, 'gateway', 'status'] }) })).problems[0];
    expect(notAGateway).toMatchObject({ code: 'plist-stale', severity: 'warning' });
    expect(notAGateway?.fix).toContain('Keep a backup');
    const another = statusOf(obs({ plist: plistFile(dict(handPlist(target.label, path.join(dir, 'other'), null, launcherPath))) })).problems[0];
    expect(another).toMatchObject({ code: 'plist-stale', severity: 'error', fix: null });
    const moved = statusOf(obs({ plist: plistFile({ ...hermesPlist, ProgramArguments: ['/gone/hermes', 'gateway', 'run'] }) })).problems[0];
    expect(moved).toMatchObject({ code: 'launcher-missing' });
    expect(moved?.fix).toContain(launcherPath);
  });

  it("Hermes's own plist, with fields Hermes Bar never writes, is no problem", () => {
    const own = { ...hermesPlist, StandardOutPath: '/elsewhere.log', LimitLoadToSessionType: ['Aqua', 'Background'], SoftResourceLimits: { NumberOfFiles: 4096 }, KeepAlive: { SuccessfulExit: false } };
    expect(codes(obs({ ...loaded({ pid: 42 }), ...booted(42), plist: plistFile(own) }))).toEqual([]);
  });

  it('Hermes not installed at all has no fix, only a next step', () => {
    const [problem] = statusOf(obs({ plist: { exists: false }, install: null })).problems;
    expect(problem).toMatchObject({ code: 'launcher-missing', fix: null });
    expect(problem?.nextStep).toContain('Install');
  });

  it('a plist in place, nothing loaded and no gateway: stopped on purpose, no problem', () => {
    const status = statusOf(obs());
    expect(status.state).toBe('stopped');
    expect(status.problems).toEqual([]);
  });

  it('permissions, disabled override, outdated job, logs, no gui session', () => {
    expect(codes(obs({ plist: plistFile(hermesPlist, 0o664) }))).toContain('bad-permissions');
    expect(codes(obs({ disabled: true }))).toContain('job-disabled');
    expect(codes(obs({ ...loaded({ pid: 42, program: '/old/hermes' }), ...booted(42) }))).toEqual(['job-outdated']);
    expect(codes(obs({ logsWritable: false }))).toContain('log-path-unwritable');
    expect(codes(obs({ guiSession: false, domain: `user/${uid}` }))).toContain('no-gui-session');
  });

  it('crash loop and configuration error', () => {
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 5 })))).toEqual(['crash-loop']);
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 78, runs: 5 })))).toEqual(['config-error']);
    // One failure: a crash with its exit and next step, not a loop (the count includes planned restarts).
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 1 })))).toEqual(['gateway-crashed']);
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 4 })))).toEqual(['gateway-crashed']);
    const once = statusOf(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 1 })));
    expect(once.problems[0]).toMatchObject({ severity: 'error', message: 'The gateway exited with code 1; launchd starts it again by itself.', nextStep: expect.stringMatching(/keeps stopping.*error log/) });
    // Without KeepAlive's respawn (not running), it stays down: the next step ends in Restart.
    const down = statusOf(obs(loaded({ state: 'not running', lastSignal: 'Segmentation fault: 11', runs: 1 })));
    expect(down.state).toBe('crashed');
    expect(down.problems[0]).toMatchObject({ code: 'gateway-crashed', message: 'The gateway was killed by a signal (Segmentation fault: 11), and launchd does not start it again by itself.', nextStep: expect.stringMatching(/then Restart\.$/) });
  });

  it("a configuration error behind Hermes 0.21's wrapper (its 78 passed on as 0): the dead gateway's startup_failed tells it", () => {
    const respawning = (state: GatewayReport['state']) => statusOf(obs({ ...loaded({ state: 'spawn scheduled', lastExitCode: 0, runs: 4 }), report: report(42, state) }));
    const failed = respawning('startup_failed');
    expect(failed.state).toBe('crashed');
    expect(failed.problems.map((p) => p.code)).toEqual(['config-error']);
    expect([failed.lastExitCode, failed.lastExitMeaning]).toEqual([78, expect.stringMatching(/configuration/i)]);
    // A gateway that stopped cleanly says so: launchd's respawn is starting.
    const stopped = respawning('stopped');
    expect([stopped.state, stopped.problems, stopped.lastExitCode]).toEqual(['starting', [], 0]);
  });

  it('a crash loop while a process runs: 3 successive crashes, or 10 starts after a failure; not one respawn after a crash', () => {
    const live = (fields: Partial<JobRecord>) => obs({ ...loaded({ pid: 42, ...fields }), ...booted(42) });
    expect(codes(live({ runs: 38771, lastExitCode: 1 }))).toEqual(['crash-loop']);
    expect(codes(live({ runs: 10, lastSignal: 'Killed: 9' }))).toEqual(['crash-loop']);
    expect(codes(live({ runs: 4, successiveCrashes: 3, lastSignal: 'Segmentation fault: 11' }))).toEqual(['crash-loop']);
    expect(codes(live({ runs: 9, lastExitCode: 1 }))).toEqual([]);
    expect(codes(live({ runs: 40, lastExitCode: 75 }))).toEqual([]);
    expect(codes(live({ runs: 40, successiveCrashes: 0, lastExitCode: 0 }))).toEqual([]);
    const looping = statusOf(live({ runs: 12, successiveCrashes: 4, lastSignal: 'Killed: 9' }));
    expect(looping.problems[0]?.message).toBe('The gateway keeps crashing (4 crashes in a row, 12 starts; last: Killed: 9).');
  });

  it('a gateway that has stayed up five minutes has outlived the counts: they are history, not a loop', () => {
    const upFor = (ms: number, fields: Partial<JobRecord>) => obs({ ...loaded({ pid: 42, ...fields }), ...booted(42), gateways: [{ ...gateway(42), startedAt: Date.now() - ms }] });
    for (const fields of [{ runs: 38771, lastExitCode: 1 }, { runs: 4, successiveCrashes: 3, lastSignal: 'Killed: 9' }, { runs: 24991, lastExitReason: 'OS_REASON_CODESIGNING' }]) {
      expect(codes(upFor(4 * 60_000, fields)), JSON.stringify(fields)).not.toEqual([]);
      expect(codes(upFor(6 * 60_000, fields)), JSON.stringify(fields)).toEqual([]);
    }
    // Under the stderr wrapper, before its gateway appears: no uptime yet, the counts still speak.
    expect(codes(obs(loaded({ pid: 41, runs: 38771, lastExitCode: 1 })))).toEqual(['crash-loop']);
  });

  it('a spawn launchd could not make, or macOS refused, says which; once is enough while nothing runs', () => {
    const failed = statusOf(obs(loaded({ state: 'spawn scheduled', jobState: 'spawn failed', lastExitCode: 78, runs: 1 })));
    expect(failed.problems).toEqual([expect.objectContaining({ code: 'spawn-failed', severity: 'error', message: expect.stringMatching(/^launchd could not start the gateway's program \(exit 78\)/) })]);
    expect(failed.lastExitMeaning).toBe('launchd could not start the program (exit 78)');
    const refused = statusOf(obs(loaded({ state: 'not running', jobState: 'spawn failed', lastExitReason: 'OS_REASON_CODESIGNING', runs: 1 })));
    expect(refused.problems).toEqual([expect.objectContaining({ code: 'spawn-refused', severity: 'error' })]);
    expect(refused.state).toBe('crashed');
    expect(refused.lastExitCode).toBeNull();
  });

  it("duplicates and unsupervised gateways, told from the job's own gateway (the wrapper is part of the job)", () => {
    const dup = statusOf(obs({ ...loaded({ pid: 41 }), ...booted(42, 41), gateways: [gateway(42, 41), gateway(43)] }));
    expect(dup.problems.map((p) => p.code)).toEqual(['duplicate-gateways']);
    expect(dup.duplicates).toEqual([43]);
    const alone = statusOf(obs({ gateways: [gateway(43)] }));
    expect(alone.problems.map((p) => p.code)).toEqual(['not-loaded', 'unsupervised-gateway']);
    const both = obs({ ...loaded({ pid: 42 }), ...booted(42), otherJob: { domain: `user/${uid}`, record: record({ pid: 50 }) } });
    expect(codes(both)).toEqual(['duplicate-gateways']);
  });
});
