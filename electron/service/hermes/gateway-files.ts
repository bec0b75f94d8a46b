/** The running gateway's own files under HERMES_HOME: pid file, state file, logs (HERMES.md). */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** gateway_state.json older than this is stale. */
export const STATE_STALE_AFTER_MS = 120_000;

export function logPaths(home: string): { stdout: string; stderr: string; dir: string } {
  const dir = path.join(home, 'logs');
  return { dir, stdout: path.join(dir, 'gateway.log'), stderr: path.join(dir, 'gateway.error.log') };
}

export function pidFilePath(home: string): string {
  return path.join(home, 'gateway.pid');
}

export function stateFilePath(home: string): string {
  return path.join(home, 'gateway_state.json');
}

export interface GatewayPidFile {
  pid: number;
  startTime: number | null;
  argv: string[];
}

export async function readPidFile(home: string): Promise<GatewayPidFile | null> {
  let text: string;
  try {
    text = await readFile(pidFilePath(home), 'utf8');
  } catch {
    return null;
  }
  return parsePidFile(text);
}

export function parsePidFile(text: string): GatewayPidFile | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, argv: [] };
  try {
    const data: unknown = JSON.parse(trimmed);
    if (!isRecord(data) || typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return null;
    return {
      pid: data.pid,
      startTime: typeof data.start_time === 'number' ? data.start_time : null,
      argv: Array.isArray(data.argv) ? data.argv.filter((a): a is string => typeof a === 'string') : [],
    };
  } catch {
    return null;
  }
}

export const GATEWAY_STATES = ['starting', 'running', 'draining', 'stopped', 'startup_failed'] as const;
export type GatewayRunState = (typeof GATEWAY_STATES)[number];
export const PLATFORM_STATES = ['connected', 'connecting', 'retrying', 'fatal'] as const;
export type PlatformState = (typeof PLATFORM_STATES)[number];

export interface PlatformStatus {
  name: string;
  state: PlatformState | 'unknown';
  errorCode: string | null;
  errorMessage: string | null;
}

export interface GatewayReport {
  state: GatewayRunState | 'unknown';
  exitReason: string | null;
  activeAgents: number | null;
  /** Epoch milliseconds, or null when the file does not say. */
  updatedAt: number | null;
  stale: boolean;
  platforms: PlatformStatus[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** updated_at is epoch seconds (Python's time.time()) or an ISO date. */
function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | 'unknown' {
  return (values as readonly unknown[]).includes(value) ? (value as T) : 'unknown';
}

export function parseGatewayState(text: string, now: number): GatewayReport | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  const updatedAt = epochMs(data.updated_at);
  const platforms = isRecord(data.platforms)
    ? Object.entries(data.platforms).map(([name, value]): PlatformStatus => {
        const entry = isRecord(value) ? value : {};
        return {
          name,
          state: oneOf(PLATFORM_STATES, entry.state),
          errorCode: stringOrNull(entry.error_code),
          errorMessage: stringOrNull(entry.error_message),
        };
      })
    : [];
  return {
    state: oneOf(GATEWAY_STATES, data.gateway_state),
    exitReason: stringOrNull(data.exit_reason),
    activeAgents: typeof data.active_agents === 'number' ? data.active_agents : null,
    updatedAt,
    stale: updatedAt === null || now - updatedAt > STATE_STALE_AFTER_MS,
    platforms,
  };
}

/** Large or hostile state files are refused rather than read whole. */
const MAX_STATE_FILE_BYTES = 1024 * 1024;

export async function readGatewayState(home: string, now = Date.now()): Promise<GatewayReport | null> {
  try {
    const file = stateFilePath(home);
    if (statSync(file).size > MAX_STATE_FILE_BYTES) return null;
    return parseGatewayState(await readFile(file, 'utf8'), now);
  } catch {
    return null;
  }
}
