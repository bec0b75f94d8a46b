/**
 * The running gateway's own files under HERMES_HOME (HERMES.md): the pid record in `gateway.pid`
 * and `gateway.lock`, `gateway_state.json`, the logs, and the planned-stop marker whoever stops
 * the gateway on purpose writes first.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export function logPaths(home: string): { stdout: string; stderr: string; dir: string } {
  const dir = path.join(home, 'logs');
  return { dir, stdout: path.join(dir, 'gateway.log'), stderr: path.join(dir, 'gateway.error.log') };
}

export function pidFilePath(home: string): string {
  return path.join(home, 'gateway.pid');
}

/** Held with an exclusive flock by the live gateway; it holds the same record as gateway.pid. */
export function lockFilePath(home: string): string {
  return path.join(home, 'gateway.lock');
}

export function stateFilePath(home: string): string {
  return path.join(home, 'gateway_state.json');
}

export function plannedStopPath(home: string): string {
  return path.join(home, '.gateway-planned-stop.json');
}

/**
 * A process's start as Hermes records it: clock ticks since boot on Linux, centiseconds since the
 * epoch on macOS; some versions write it as a string. Opaque: compared, never converted.
 */
export type StartFingerprint = string;

export interface GatewayPidFile {
  pid: number;
  startTime: StartFingerprint | null;
  /** Python's sys.argv of the gateway (not its process argv). */
  argv: string[];
  /** The home it serves (0.21; older versions do not say). */
  home: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fingerprint(value: unknown): StartFingerprint | null {
  return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? String(value).trim() : null;
}

/** A pid record (gateway.pid, gateway.lock, the head of gateway_state.json), or a very old bare number. */
export function parsePidRecord(text: string): GatewayPidFile | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, argv: [], home: null };
  try {
    const data: unknown = JSON.parse(trimmed);
    return isRecord(data) ? pidRecordOf(data) : null;
  } catch {
    return null;
  }
}

function pidRecordOf(data: Record<string, unknown>): GatewayPidFile | null {
  if (typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return null;
  return {
    pid: data.pid,
    startTime: fingerprint(data.start_time),
    argv: Array.isArray(data.argv) ? data.argv.filter((a): a is string => typeof a === 'string') : [],
    home: typeof data.hermes_home === 'string' && data.hermes_home ? data.hermes_home : null,
  };
}

/** Large or hostile files are refused rather than read whole. */
const MAX_FILE_BYTES = 1024 * 1024;

async function readSmall(file: string): Promise<string | null> {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return null;
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export async function readPidFile(home: string): Promise<GatewayPidFile | null> {
  const text = await readSmall(pidFilePath(home));
  return text === null ? null : parsePidRecord(text);
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
  /** When the gateway last changed its state (epoch ms): not a heartbeat, an idle gateway leaves it. */
  updatedAt: number | null;
  /** Written by a gateway that no longer runs: its last word, not the present. */
  stale: boolean;
  platforms: PlatformStatus[];
  /** The pid record the file starts with: which gateway wrote it. */
  writer: GatewayPidFile | null;
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** updated_at is an ISO date (0.21), or epoch seconds in older versions. */
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

/** gateway_state.json as written; `stale` is decided by whoever knows whether its writer lives (home-state.ts). */
export function parseGatewayState(text: string): GatewayReport | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  const platforms = isRecord(data.platforms)
    ? Object.entries(data.platforms).map(([name, value]): PlatformStatus => {
        const entry = isRecord(value) ? value : {};
        return { name, state: oneOf(PLATFORM_STATES, entry.state), errorCode: stringOrNull(entry.error_code), errorMessage: stringOrNull(entry.error_message) };
      })
    : [];
  return {
    state: oneOf(GATEWAY_STATES, data.gateway_state),
    exitReason: stringOrNull(data.exit_reason),
    activeAgents: typeof data.active_agents === 'number' ? data.active_agents : null,
    updatedAt: epochMs(data.updated_at),
    stale: false,
    platforms,
    writer: pidRecordOf(data),
  };
}

/**
 * gateway_state.json, and whether a file that is there could not be read: Hermes writes it
 * atomically, so an unreadable one is damaged, where a missing one may not be written yet.
 */
export async function readGatewayStateFile(home: string): Promise<{ report: GatewayReport | null; unreadable: boolean }> {
  const text = await readSmall(stateFilePath(home));
  const report = text === null ? null : parseGatewayState(text);
  return { report, unreadable: text !== null && report === null };
}

export async function readGatewayState(home: string): Promise<GatewayReport | null> {
  return (await readGatewayStateFile(home)).report;
}

/**
 * Tells the gateway `target` that the SIGTERM coming is a planned stop (HERMES.md): without this
 * marker it exits 1 and its state stays "running", and systemd marks the unit failed. Written
 * atomically; the gateway consumes it, and ignores it after 60 s.
 */
export async function writePlannedStop(home: string, target: { pid: number; startTime: StartFingerprint | null }): Promise<void> {
  const file = plannedStopPath(home);
  const record = {
    target_pid: target.pid,
    target_start_time: target.startTime === null ? null : /^\d+$/.test(target.startTime) ? Number(target.startTime) : target.startTime,
    stopper_pid: process.pid,
    written_at: new Date().toISOString().replace('Z', '+00:00'),
  };
  const temp = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(record));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file).catch(async (error: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw error;
  });
}
