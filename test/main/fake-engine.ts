/**
 * An Engine (the real interface) whose answers the test sets and whose every call is recorded,
 * so a test can say "exactly one engine.run('stop')" or "the engine was never reached".
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../electron/service/engine.js';
import { ServiceError } from '../../electron/service/errors.js';
import type { ErrorInfo } from '../../electron/service/errors.js';
import type { GatewayReport, PlatformStatus } from '../../electron/service/hermes/gateway-files.js';
import type { MonitorTiming } from '../../electron/service/monitor.js';
import { readSettings } from '../../electron/service/settings.js';
import type { Settings } from '../../electron/service/settings.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult } from '../../electron/service/types.js';

/** Nothing fires by itself during a test: looks happen when the test (or the app) asks. */
export const QUIET_TIMING: MonitorTiming = { idlePollMs: 3_600_000, activePollMs: 3_600_000, pidCheckMs: 3_600_000, debounceMs: 5 };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function gatewayStatus(fields: Partial<GatewayStatus> = {}): GatewayStatus {
  const home = fields.home ?? '/nonexistent/hermes-home';
  return {
    backend: 'launchd',
    label: 'ai.hermes.gateway',
    profile: null,
    home,
    plistPath: '/nonexistent/LaunchAgents/ai.hermes.gateway.plist',
    domain: 'gui/501',
    state: 'running',
    pid: 4242,
    lastExitCode: null,
    lastExitMeaning: null,
    lastSignal: null,
    runs: 1,
    uptimeMs: 3 * 3_600_000 + 120_000,
    gateway: null,
    problems: [],
    duplicates: [],
    checkedAt: Date.now(),
    ...fields,
  };
}

/** A running gateway's own report with these platforms (written by a gateway the test does not name). */
export function runningReport(platforms: PlatformStatus[], stale = false): GatewayReport {
  return { state: 'running', exitReason: null, activeAgents: 0, updatedAt: 1, stale, platforms, writer: null };
}

export type EngineCall =
  | { method: 'status' | 'doctor'; profile: string | null }
  | { method: 'run'; operation: Operation; profile: string | null }
  | { method: 'list' }
  | { method: 'tailLog'; profile: string | null; stream: 'stdout' | 'stderr'; lines: number }
  | { method: 'diagnostics'; profile: string | null; appVersion: string };

export class FakeEngine implements Engine {
  readonly settings: Settings;
  readonly calls: EngineCall[] = [];
  current: GatewayStatus = gatewayStatus();
  report: DoctorReport | null = null;
  /** The status an operation leaves behind; by default the current one. */
  after: Partial<Record<Operation, GatewayStatus>> = {};
  failure: ErrorInfo | null = null;
  /** While set, operations wait for it (an operation that is still running). */
  gate: Promise<void> | null = null;

  constructor(env: NodeJS.ProcessEnv = { HOME: tempDir('hb-main-home-') }) {
    this.settings = readSettings({ HERMES_BAR_BACKEND: 'launchd', ...env });
  }

  async status(profile: string | null = null): Promise<GatewayStatus> {
    this.calls.push({ method: 'status', profile });
    return { ...this.current, profile, checkedAt: Date.now() };
  }

  async doctor(profile: string | null = null): Promise<DoctorReport> {
    this.calls.push({ method: 'doctor', profile });
    return this.report ?? { status: this.current, definition: null, plistChanges: [], repairPlan: [], needsRepair: false };
  }

  async run(operation: Operation, profile: string | null = null): Promise<OperationResult> {
    this.calls.push({ method: 'run', operation, profile });
    if (this.gate) await this.gate;
    if (this.failure) throw new ServiceError(this.failure);
    this.current = this.after[operation] ?? this.current;
    return { operation, ok: true, message: `${operation} done`, actions: [`did ${operation}`], status: { ...this.current, checkedAt: Date.now() } };
  }

  async list(): Promise<GatewayStatus[]> {
    this.calls.push({ method: 'list' });
    return [this.current];
  }

  async tailLog(profile: string | null, stream: 'stdout' | 'stderr', lines: number): Promise<{ path: string; lines: string[]; exists: boolean }> {
    this.calls.push({ method: 'tailLog', profile, stream, lines });
    return { path: `/nonexistent/logs/gateway.${stream}.log`, lines: [], exists: true };
  }

  async diagnostics(profile: string | null, appVersion: string): Promise<string> {
    this.calls.push({ method: 'diagnostics', profile, appVersion });
    return `# Hermes Bar diagnostics\nHermes Bar: ${appVersion}\nprofile: ${profile ?? 'default'}\n`;
  }

  runs(): Array<{ operation: Operation; profile: string | null }> {
    return this.calls.flatMap((c) => (c.method === 'run' ? [{ operation: c.operation, profile: c.profile }] : []));
  }

  count(method: EngineCall['method']): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}
