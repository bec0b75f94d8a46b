/**
 * Observations for the pure status functions: a healthy Hermes home (Hermes 0.18's own plist or
 * unit, its launcher present) around one record of launchd or systemd, so a test states only the record.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GatewayPlan } from '../../electron/service/hermes/layouts.js';
import { renderPlistText, renderUnitText } from '../../electron/service/hermes/layouts.js';
import type { Observation } from '../../electron/service/launchd/observe.js';
import { parsePlist } from '../../electron/service/launchd/plist-file.js';
import type { JobRecord } from '../../electron/service/launchd/print-record.js';
import { statusOf as launchdStatusOf } from '../../electron/service/launchd/status.js';
import type { UnitObservation } from '../../electron/service/systemd/observe.js';
import { statusOf as systemdStatusOf } from '../../electron/service/systemd/status.js';
import { parseUnit } from '../../electron/service/systemd/unit-file.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import type { GatewayStatus } from '../../electron/service/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-status-fixtures-'));
export const launcherPath = path.join(dir, 'hermes');
writeFileSync(launcherPath, '#!/bin/sh\n');
chmodSync(launcherPath, 0o755);
const install = { hermes: launcherPath, foundBy: 'install root' as const };
const home = path.join(dir, '.hermes');
const uid = process.getuid?.() ?? 0;
/** What Hermes 0.18 writes for this launcher: launchd's pid is the gateway itself (no stderr wrapper). */
const plan: GatewayPlan = {
  generation: '0.18',
  version: '0.18.0',
  home,
  profile: null,
  launchdArguments: [launcherPath, 'gateway', 'run'],
  unitCommand: [launcherPath, 'gateway', 'run'],
  cleanupCommand: [launcherPath, '--run-module', 'gateway.cgroup_cleanup'],
  path: '/usr/bin:/bin',
  virtualEnv: null,
};

/** A gateway process of this home, as the process table shows it, started a while ago. */
export function gatewayProcess(pid: number): Observation['gateways'][number] {
  return { pid, ppid: 1, pgid: pid, ancestors: [1], argv: [launcherPath, 'gateway', 'run'], hermesHome: home, userHome: null, startedAt: Date.now() - 5_000 };
}

/** The home around a pid the supervisor runs: the gateway runs as that pid and wrote its pid file and its state file. */
function homeWith(pid: number | null): Pick<Observation, 'gateways' | 'pidFile' | 'report' | 'stateUnreadable' | 'lockHolder' | 'logsWritable'> {
  const pidFile = pid === null ? null : { pid, startTime: null, argv: [launcherPath, 'gateway', 'run'], home };
  return {
    gateways: pid === null ? [] : [gatewayProcess(pid)],
    pidFile,
    report: pidFile && { state: 'running', exitReason: null, activeAgents: 0, updatedAt: Date.now(), stale: false, platforms: [], writer: pidFile },
    stateUnreadable: false,
    lockHolder: undefined,
    logsWritable: true,
  };
}

const agentTarget = { home, profile: null, label: 'ai.hermes.gateway', plistPath: path.join(dir, 'ai.hermes.gateway.plist') };
const plistParsed = parsePlist(renderPlistText(plan, agentTarget.label));

/**
 * A look at the gateway whose launchd record is `record` (null: not loaded). The record is read
 * as the gateway's own job: a path or program it names is made the gateway's, so only launchd's
 * state, pid, counts and exit forms speak.
 */
export function launchdObservation(record: JobRecord | null, overrides: Partial<Observation> = {}): Observation {
  const job = record && {
    domain: `gui/${uid}` as const,
    record: { ...record, path: record.path && agentTarget.plistPath, program: record.program && launcherPath },
  };
  return {
    target: agentTarget,
    uid,
    userHome: dir,
    guiSession: true,
    domain: `gui/${uid}`,
    plist: { exists: true, parsed: plistParsed, mode: 0o644, uid, isSymlink: false },
    install,
    job,
    otherJob: null,
    disabled: false,
    ...homeWith(record?.pid ?? null),
    checkedAt: Date.now(),
    ...overrides,
  };
}

export function launchdStatus(record: JobRecord | null, overrides: Partial<Observation> = {}): GatewayStatus {
  return launchdStatusOf(launchdObservation(record, overrides));
}

const unitTarget = { home, profile: null, label: 'hermes-gateway.service', plistPath: path.join(dir, 'hermes-gateway.service') };
const parsedUnit = parseUnit(renderUnitText(plan), { userHome: dir, user: 'ada', uid, runtimeDir: null });

/** A look at the gateway whose systemd record is `record`, in a home like launchdObservation's. */
export function systemdObservation(record: UnitRecord, overrides: Partial<UnitObservation> = {}): UnitObservation {
  return {
    target: unitTarget,
    uid,
    user: 'ada',
    userHome: dir,
    bus: { ok: true },
    unit: { exists: true, parsed: parsedUnit, mode: 0o644, uid, isSymlink: false },
    install,
    record,
    legacy: null,
    lingering: true,
    ...homeWith(record.mainPid),
    checkedAt: Date.now(),
    ...overrides,
  };
}

export function systemdStatus(record: UnitRecord, overrides: Partial<UnitObservation> = {}): GatewayStatus {
  return systemdStatusOf(systemdObservation(record, overrides));
}
