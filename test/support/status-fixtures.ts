/**
 * Observations for the pure status functions: a healthy Hermes home (its plist or unit current,
 * its launcher present) around one record of launchd or systemd, so a test states only the record.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentJob, gatewayUnit } from '../../electron/service/hermes/definitions.js';
import type { Observation } from '../../electron/service/launchd/observe.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import type { JobRecord } from '../../electron/service/launchd/print-record.js';
import { statusOf as launchdStatusOf } from '../../electron/service/launchd/status.js';
import type { UnitObservation } from '../../electron/service/systemd/observe.js';
import { statusOf as systemdStatusOf } from '../../electron/service/systemd/status.js';
import { parseUnit, renderUnit } from '../../electron/service/systemd/unit-file.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import type { GatewayStatus } from '../../electron/service/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-status-fixtures-'));
export const launcherPath = path.join(dir, 'hermes');
writeFileSync(launcherPath, '#!/bin/sh\n');
chmodSync(launcherPath, 0o755);
const launcher = { program: launcherPath, prefix: [] };
const home = path.join(dir, '.hermes');
const uid = process.getuid?.() ?? 0;

/** A gateway process of this home, as the process table shows it. */
export function gatewayProcess(pid: number): Observation['gateways'][number] {
  return { pid, ppid: 1, argv: [launcherPath, 'gateway', 'run'], hermesHome: home, userHome: null, launcher, profile: null };
}

/** The home around a pid the supervisor runs: the gateway runs as that pid and wrote its pid file. */
function homeWith(pid: number | null): Pick<Observation, 'gateways' | 'pidFile' | 'report' | 'logsWritable'> {
  return {
    gateways: pid === null ? [] : [gatewayProcess(pid)],
    pidFile: pid === null ? null : { pid, startTime: null, argv: [] },
    report: null,
    logsWritable: true,
  };
}

const agentTarget = { home, profile: null, label: 'ai.hermes.gateway', plistPath: path.join(dir, 'ai.hermes.gateway.plist') };
const wantedJob = agentJob(agentTarget.label, home, null, launcher);

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
    guiSession: true,
    domain: `gui/${uid}`,
    plist: { exists: true, parsed: { ok: true, dict: wantedJob as unknown as PlistDict }, mode: 0o644, uid, isSymlink: false },
    launcher,
    wanted: wantedJob,
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
const wantedUnit = gatewayUnit(home, null, launcher);
const parsedUnit = parseUnit(renderUnit(wantedUnit), { userHome: dir, user: 'ada', uid, runtimeDir: null });

/** A look at the gateway whose systemd record is `record`, in a home like launchdObservation's. */
export function systemdObservation(record: UnitRecord, overrides: Partial<UnitObservation> = {}): UnitObservation {
  return {
    target: unitTarget,
    uid,
    user: 'ada',
    bus: { ok: true },
    unit: { exists: true, parsed: parsedUnit, mode: 0o644, uid, isSymlink: false },
    launcher,
    wanted: wantedUnit,
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
