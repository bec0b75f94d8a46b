import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentJob } from '../../electron/service/hermes/definitions.js';
import type { Observation } from '../../electron/service/launchd/observe.js';
import { statusOf } from '../../electron/service/launchd/status.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import type { JobRecord } from '../../electron/service/launchd/print-record.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-status-'));
const launcherPath = path.join(dir, 'hermes');
writeFileSync(launcherPath, '#!/bin/sh\n');
chmodSync(launcherPath, 0o755);
const launcher = { program: launcherPath, prefix: [] };
const home = path.join(dir, '.hermes');
const target = { home, profile: null, label: 'ai.hermes.gateway', plistPath: path.join(dir, 'ai.hermes.gateway.plist') };
const wanted = agentJob(target.label, home, null, launcher);
const uid = process.getuid?.() ?? 0;

function record(fields: Partial<JobRecord>): JobRecord {
  return { path: target.plistPath, state: 'running', program: launcherPath, pid: null, runs: 1, lastExitCode: null, lastSignal: null, ...fields };
}

function obs(overrides: Partial<Observation> = {}): Observation {
  return {
    target,
    uid,
    guiSession: true,
    domain: `gui/${uid}`,
    plist: { exists: true, parsed: { ok: true, dict: wanted as unknown as PlistDict }, mode: 0o644, uid, isSymlink: false },
    launcher,
    wanted,
    job: null,
    otherJob: null,
    disabled: false,
    gateways: [],
    pidFile: null,
    report: null,
    logsWritable: true,
    checkedAt: Date.now(),
    ...overrides,
  };
}

const loaded = (fields: Partial<JobRecord>) => ({ job: { domain: `gui/${uid}` as const, record: record(fields) } });
const codes = (o: Observation) => statusOf(o).problems.map((p) => p.code);
const gateway = (pid: number) => ({ pid, ppid: 1, argv: [launcherPath, 'gateway', 'run'], hermesHome: home, userHome: null, launcher, profile: null });

describe('state', () => {
  it.each<[string, Partial<Observation>, string]>([
    ['no plist, not loaded', { plist: { exists: false } }, 'not-installed'],
    ['plist, not loaded', {}, 'stopped'],
    ['running with a pid its pid file names', { ...loaded({ pid: 42 }), pidFile: { pid: 42, startTime: null, argv: [] } }, 'running'],
    ['a pid that has not written its pid file yet', loaded({ pid: 42 }), 'starting'],
    ['a pid whose pid file still names its predecessor', { ...loaded({ pid: 42 }), pidFile: { pid: 41, startTime: null, argv: [] } }, 'starting'],
    ['being booted out', loaded({ pid: 42, state: 'SIGTERMed' }), 'stopping'],
    ['throttled after a planned restart', loaded({ state: 'spawn scheduled', lastExitCode: 75 }), 'starting'],
    ['died with 1', loaded({ state: 'not running', lastExitCode: 1 }), 'crashed'],
    ['killed', loaded({ state: 'not running', lastSignal: 'Killed: 9' }), 'crashed'],
    ['spawn failed', loaded({ state: 'spawn failed', lastExitCode: 78 }), 'crashed'],
    ['exited 0', loaded({ state: 'not running', lastExitCode: 0 }), 'stopped'],
  ])('%s → %s', (_name, o, state) => {
    expect(statusOf(obs(o)).state).toBe(state);
  });

  it('uses the gateway’s own word while it boots or drains', () => {
    const report = (state: 'starting' | 'draining') => ({ state, exitReason: null, activeAgents: 0, updatedAt: Date.now(), stale: false, platforms: [] });
    const pidFile = { pid: 42, startTime: Date.now() / 1000 - 5, argv: [] };
    expect(statusOf(obs({ ...loaded({ pid: 42 }), pidFile, report: report('starting') })).state).toBe('starting');
    expect(statusOf(obs({ ...loaded({ pid: 42 }), pidFile, report: report('draining') })).state).toBe('stopping');
    expect(statusOf(obs({ ...loaded({ pid: 42 }), pidFile })).uptimeMs).toBeGreaterThanOrEqual(4000);
  });
});

describe("the gateway's own report", () => {
  const report = { state: 'running' as const, exitReason: null, activeAgents: 0, updatedAt: Date.now(), stale: false, platforms: [] };
  const pidFile = { pid: 42, startTime: null, argv: [] };
  it('is live while the process that wrote it runs', () => {
    expect(statusOf(obs({ ...loaded({ pid: 42 }), pidFile, report, gateways: [gateway(42)] })).gateway?.stale).toBe(false);
  });
  it('is stale once that process is gone (a SIGKILL leaves "running" behind)', () => {
    expect(statusOf(obs({ ...loaded({ state: 'not running', lastSignal: 'Killed: 9' }), pidFile, report })).gateway?.stale).toBe(true);
  });
});

describe('problems', () => {
  it('plist missing, invalid, stale, launcher gone', () => {
    expect(codes(obs({ plist: { exists: false } }))).toEqual(['plist-missing']);
    expect(codes(obs({ plist: { exists: true, parsed: { ok: false, reason: 'x' }, mode: 0o644, uid, isSymlink: false } }))).toContain('plist-invalid');
    const stale = { ...wanted, StandardOutPath: '/old.log' } as unknown as PlistDict;
    expect(codes(obs({ plist: { exists: true, parsed: { ok: true, dict: stale }, mode: 0o644, uid, isSymlink: false } }))).toContain('plist-stale');
    const moved = { ...wanted, ProgramArguments: ['/gone/hermes', 'gateway', 'run'] } as unknown as PlistDict;
    const status = statusOf(obs({ plist: { exists: true, parsed: { ok: true, dict: moved }, mode: 0o644, uid, isSymlink: false } }));
    expect(status.problems[0]).toMatchObject({ code: 'launcher-missing', fix: `Point the plist at ${launcherPath} (keeping a backup).` });
  });

  it('Hermes not installed at all has no fix, only a next step', () => {
    const [problem] = statusOf(obs({ plist: { exists: false }, launcher: null, wanted: null })).problems;
    expect(problem).toMatchObject({ code: 'launcher-missing', fix: null });
    expect(problem?.nextStep).toContain('Install');
  });

  it('a plist in place, nothing loaded and no gateway: stopped on purpose, no problem', () => {
    const status = statusOf(obs());
    expect(status.state).toBe('stopped');
    expect(status.problems).toEqual([]);
  });

  it('permissions, disabled override, outdated job, logs, no gui session', () => {
    expect(codes(obs({ plist: { exists: true, parsed: { ok: true, dict: wanted as unknown as PlistDict }, mode: 0o664, uid, isSymlink: false } }))).toContain('bad-permissions');
    expect(codes(obs({ disabled: true }))).toContain('job-disabled');
    expect(codes(obs(loaded({ pid: 42, program: '/old/hermes' })))).toEqual(['job-outdated']);
    expect(codes(obs({ logsWritable: false }))).toContain('log-path-unwritable');
    expect(codes(obs({ guiSession: false, domain: `user/${uid}` }))).toContain('no-gui-session');
  });

  it('crash loop and configuration error', () => {
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 5 })))).toEqual(['crash-loop']);
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 78, runs: 5 })))).toEqual(['config-error']);
    expect(codes(obs(loaded({ state: 'spawn scheduled', lastExitCode: 1, runs: 1 })))).toEqual([]);
  });

  it('duplicates and unsupervised gateways, compared with launchd’s pid', () => {
    const dup = statusOf(obs({ ...loaded({ pid: 42 }), gateways: [gateway(42), gateway(43)] }));
    expect(dup.problems.map((p) => p.code)).toEqual(['duplicate-gateways']);
    expect(dup.duplicates).toEqual([43]);
    const alone = statusOf(obs({ gateways: [gateway(43)] }));
    expect(alone.problems.map((p) => p.code)).toEqual(['not-loaded', 'unsupervised-gateway']);
    const both = obs({ ...loaded({ pid: 42 }), gateways: [gateway(42)], otherJob: { domain: `user/${uid}`, record: record({ pid: 50 }) } });
    expect(codes(both)).toEqual(['duplicate-gateways']);
  });
});
