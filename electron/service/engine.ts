/**
 * The engine's front door, shared by the app and the CLI: resolves which gateway is meant,
 * serializes operations per label (lock file across processes, single flight inside one), and
 * hands the work to the backend.
 */
import path from 'node:path';
import { ServiceError } from './errors.js';
import { Launchctl } from './launchctl.js';
import type { LaunchctlCall } from './launchctl.js';
import * as launchd from './launchd/operations.js';
import type { LaunchdDeps } from './launchd/operations.js';
import { discoverHomes } from './discovery.js';
import { logPaths } from './hermes.js';
import { tailFile } from './log-tail.js';
import { acquireLock, SingleFlight } from './lock.js';
import type { Settings } from './settings.js';
import { readSettings } from './settings.js';
import type { GatewayTarget } from './target.js';
import { resolveTarget, targetForHome } from './target.js';
import { timing } from './timing.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult } from './types.js';

export interface EngineOptions {
  /** Every launchctl call, with its exit status and duration (the app's log). */
  onLaunchctl?: (call: LaunchctlCall) => void;
}

export interface Engine {
  readonly settings: Settings;
  status(profile?: string | null): Promise<GatewayStatus>;
  doctor(profile?: string | null): Promise<DoctorReport>;
  run(operation: Operation, profile?: string | null): Promise<OperationResult>;
  list(): Promise<GatewayStatus[]>;
  /** The last lines of a gateway's stdout or stderr log. */
  tailLog(profile: string | null, stream: 'stdout' | 'stderr', lines: number): Promise<{ path: string; lines: string[]; exists: boolean }>;
}

export function lockPath(target: GatewayTarget): string {
  return path.join(target.home, `.hermes-bar-${target.label}.lock`);
}

const OPERATIONS: Record<Operation, (deps: LaunchdDeps, target: GatewayTarget) => Promise<OperationResult>> = {
  start: launchd.start,
  stop: launchd.stop,
  restart: launchd.restart,
  repair: launchd.repair,
};

export function createEngine(settings: Settings = readSettings(), options: EngineOptions = {}): Engine {
  const deps: LaunchdDeps = {
    settings,
    launchctl: new Launchctl(settings.launchctlPath, settings.env, options.onLaunchctl),
    timing: timing(settings.timeScale),
  };
  const flights = new SingleFlight();

  const backendTarget = (profile?: string | null): GatewayTarget => {
    if (settings.backend !== 'launchd') {
      throw new ServiceError({
        code: 'unsupported',
        message: `The ${settings.backend} backend is not available in this version`,
        explanation: 'Hermes Bar manages the gateway through launchd; the systemd backend is still being built.',
        nextStep: 'Set HERMES_BAR_BACKEND=launchd, or manage the unit with `systemctl --user`.',
      });
    }
    return resolveTarget(settings, profile);
  };

  return {
    settings,
    status: (profile) => launchd.status(deps, backendTarget(profile)),
    doctor: (profile) => launchd.doctor(deps, backendTarget(profile)),
    run(operation, profile) {
      let target: GatewayTarget;
      try {
        target = backendTarget(profile);
      } catch (error) {
        return Promise.reject(error);
      }
      return flights.run(target.label, operation, async () => {
        const lock = await acquireLock(lockPath(target), operation, deps.timing.lockWaitMs);
        try {
          return await OPERATIONS[operation](deps, target);
        } finally {
          await lock.release();
        }
      });
    },
    async tailLog(profile, stream, lines) {
      const file = logPaths(backendTarget(profile).home)[stream];
      return { path: file, ...(await tailFile(file, lines)) };
    },
    async list() {
      backendTarget(null);
      const homes = await discoverHomes(settings);
      return launchd.list(deps, homes.map((home) => targetForHome(settings, home)));
    },
  };
}
