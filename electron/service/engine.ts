/**
 * The engine's front door, shared by the app and the CLI: resolves which gateway is meant,
 * serializes operations per label (lock file across processes, single flight inside one), and
 * hands the work to the backend.
 */
import path from 'node:path';
import type { Backend } from './backend.js';
import { renderDiagnostics } from './diagnostics.js';
import { discoverHomes } from './discovery.js';
import { gatherDiagnostics } from './gather-diagnostics.js';
import { logPaths } from './hermes/gateway-files.js';
import type { LaunchctlCall } from './launchd/launchctl.js';
import { launchdBackend } from './launchd/backend.js';
import { tailFile } from './log-tail.js';
import { acquireLock, SingleFlight } from './lock.js';
import type { Settings } from './settings.js';
import { readSettings } from './settings.js';
import type { SystemctlCall } from './systemd/systemctl.js';
import { systemdBackend } from './systemd/backend.js';
import { resolveTarget, targetForHome } from './target.js';
import type { GatewayTarget } from './target.js';
import type { Timing } from './timing.js';
import { timing } from './timing.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult } from './types.js';

export interface EngineOptions {
  /** Every launchctl call, with its exit status and duration (the app's log). */
  onLaunchctl?: (call: LaunchctlCall) => void;
  /** Every systemctl call, the same way. */
  onSystemctl?: (call: SystemctlCall) => void;
}

export interface Engine {
  readonly settings: Settings;
  status(profile?: string | null): Promise<GatewayStatus>;
  doctor(profile?: string | null): Promise<DoctorReport>;
  run(operation: Operation, profile?: string | null): Promise<OperationResult>;
  list(): Promise<GatewayStatus[]>;
  /** The diagnostics report for a bug report, secrets redacted (diagnostics.ts). Changes nothing. */
  diagnostics(profile: string | null, appVersion: string): Promise<string>;
  /** The last lines of a gateway's stdout or stderr log. */
  tailLog(profile: string | null, stream: 'stdout' | 'stderr', lines: number): Promise<{ path: string; lines: string[]; exists: boolean }>;
}

export function lockPath(target: GatewayTarget): string {
  return path.join(target.home, `.hermes-bar-${target.label}.lock`);
}

function createBackend(settings: Settings, deadlines: Timing, options: EngineOptions): Backend {
  return settings.backend === 'systemd'
    ? systemdBackend(settings, deadlines, options.onSystemctl)
    : launchdBackend(settings, deadlines, options.onLaunchctl);
}

export function createEngine(settings: Settings = readSettings(), options: EngineOptions = {}): Engine {
  const deadlines = timing(settings.timeScale);
  const backend = createBackend(settings, deadlines, options);
  const flights = new SingleFlight();

  return {
    settings,
    status: async (profile) => backend.status(resolveTarget(settings, profile)),
    doctor: async (profile) => backend.doctor(resolveTarget(settings, profile)),
    run(operation, profile) {
      let target: GatewayTarget;
      try {
        target = resolveTarget(settings, profile);
      } catch (error) {
        return Promise.reject(error);
      }
      return flights.run(target.label, operation, async () => {
        const lock = await acquireLock(lockPath(target), operation, deadlines.lockWaitMs);
        try {
          return await backend.operations[operation](target);
        } finally {
          await lock.release();
        }
      });
    },
    async diagnostics(profile, appVersion) {
      return renderDiagnostics(await gatherDiagnostics(settings, backend.diagnostics, () => resolveTarget(settings, profile), appVersion));
    },
    async tailLog(profile, stream, lines) {
      const file = logPaths(resolveTarget(settings, profile).home)[stream];
      return { path: file, ...(await tailFile(file, lines)) };
    },
    async list() {
      const homes = await discoverHomes(settings, await backend.serviceHomes());
      return backend.list(homes.map((home) => targetForHome(settings, home)));
    },
  };
}
