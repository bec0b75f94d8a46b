import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../sim/atomic-write.js';
import type { GatewayPidFile, GatewayStateFile, GatewayStateName, PlatformState } from './types.js';

export function epochSeconds(): number {
  return Date.now() / 1000;
}

/** Writes gateway.pid and gateway.lock (the same JSON). */
export function writePidFiles(home: string, record: GatewayPidFile): void {
  writeJsonAtomic(join(home, 'gateway.pid'), record);
  writeJsonAtomic(join(home, 'gateway.lock'), record);
}

function pidIn(path: string): number | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value === 'number') return value;
    const pid = (value as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}

/** Removes gateway.pid and gateway.lock when they name this process. */
export function removePidFilesIfOurs(home: string): void {
  for (const name of ['gateway.pid', 'gateway.lock']) {
    const path = join(home, name);
    if (pidIn(path) !== process.pid) continue;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

function platformStates(platforms: string[], state: PlatformState['state']): Record<string, PlatformState> {
  return Object.fromEntries(
    platforms.map((name) => [name, { state, error_code: null, error_message: null }]),
  );
}

/** Writes gateway_state.json atomically. */
export function writeGatewayState(
  home: string,
  state: GatewayStateName,
  exitReason: string | null,
  platforms: string[],
): void {
  const platformState: PlatformState['state'] =
    state === 'running' ? 'connected' : state === 'startup_failed' ? 'fatal' : 'connecting';
  const file: GatewayStateFile = {
    gateway_state: state,
    exit_reason: exitReason,
    active_agents: 0,
    updated_at: epochSeconds(),
    platforms: platformStates(platforms, platformState),
  };
  writeJsonAtomic(join(home, 'gateway_state.json'), file);
}
