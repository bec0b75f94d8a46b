/**
 * Agent plist files: render and parse with `plist`, judge "current" by meaning, and write
 * atomically after keeping a backup (DESIGN.md rules 5 and 7).
 */
import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as plist from 'plist';
import type { PlistValue } from 'plist';
import type { AgentJob } from './hermes.js';
import { INSIGNIFICANT_ENV, normalizeGatewayArguments } from './hermes.js';

export type PlistDict = { [key: string]: PlistValue };

/** launchd refuses plists larger than this anyway; refusing early keeps hostile files cheap. */
const MAX_PLIST_BYTES = 256 * 1024;

export function renderPlist(job: AgentJob): string {
  return renderDict(job as unknown as PlistDict);
}

export function renderDict(dict: PlistDict): string {
  return plist.build(dict);
}

export type ParsedPlist = { ok: true; dict: PlistDict } | { ok: false; reason: string };

/** xmldom reports fatal errors on the console before throwing; keep them out of our output. */
function quietly<T>(fn: () => T): T {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

export function parsePlist(text: string): ParsedPlist {
  let value: PlistValue;
  try {
    value = quietly(() => plist.parse(text));
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { ok: false, reason: first.replace(/^\[xmldom[^\]]*\]\s*/, '') || 'not a property list' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    return { ok: false, reason: 'the top-level value is not a dictionary' };
  }
  return { ok: true, dict: value };
}

export type PlistFile =
  | { exists: false }
  | {
      exists: true;
      parsed: ParsedPlist;
      mode: number;
      uid: number;
      isSymlink: boolean;
    };

export async function readPlistFile(file: string): Promise<PlistFile> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  const base = { exists: true as const, mode: info.mode & 0o7777, uid: info.uid, isSymlink: info.isSymbolicLink() };
  if (base.isSymlink) return { ...base, parsed: { ok: false, reason: 'the plist is a symbolic link' } };
  if (info.size > MAX_PLIST_BYTES) return { ...base, parsed: { ok: false, reason: `the file is too large (${info.size} bytes)` } };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ...base, parsed: { ok: false, reason: `unreadable: ${(error as Error).message}` } };
  }
  return { ...base, parsed: parsePlist(text) };
}

/** launchd refuses plists that others can write or that the user does not own. */
export function hasSafePermissions(file: { mode: number; uid: number }, uid: number): boolean {
  return (file.mode & 0o022) === 0 && file.uid === uid;
}

// --- meaning ------------------------------------------------------------------------------

export interface PlistDifference {
  field: string;
  current: string | null;
  wanted: string;
}

function text(value: PlistValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => text(v) ?? '').join(' ');
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return String(value);
}

function stringArray(value: PlistValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

function envOf(dict: PlistDict): Record<string, string> {
  const env = dict.EnvironmentVariables;
  if (typeof env !== 'object' || env === null || Array.isArray(env) || env instanceof Date || env instanceof Uint8Array) return {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** KeepAlive true, or the older {SuccessfulExit: false}, both keep a crashed gateway alive. */
function keepsAlive(value: PlistValue | undefined): boolean {
  if (value === true) return true;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return value.SuccessfulExit === false;
  }
  return false;
}

/**
 * A plist is current when it means the same job as the wanted one: label, program, arguments,
 * home, working folder, log paths and keep-alive. PATH, VIRTUAL_ENV and key order do not count.
 */
export function plistDifferences(current: PlistDict, wanted: AgentJob): PlistDifference[] {
  const differences: PlistDifference[] = [];
  const compare = (field: string, have: string | null, want: string): void => {
    if (have !== want) differences.push({ field, current: have, wanted: want });
  };
  compare('Label', text(current.Label), wanted.Label);
  const args = stringArray(current.ProgramArguments);
  compare('Program', args[0] ?? text(current.Program), wanted.ProgramArguments[0] ?? '');
  compare(
    'ProgramArguments',
    normalizeGatewayArguments(args.slice(1)).join(' '),
    normalizeGatewayArguments(wanted.ProgramArguments.slice(1)).join(' '),
  );
  compare('WorkingDirectory', text(current.WorkingDirectory), wanted.WorkingDirectory);
  compare('StandardOutPath', text(current.StandardOutPath), wanted.StandardOutPath);
  compare('StandardErrorPath', text(current.StandardErrorPath), wanted.StandardErrorPath);
  const env = envOf(current);
  for (const [key, value] of Object.entries(wanted.EnvironmentVariables)) {
    if (!INSIGNIFICANT_ENV.has(key)) compare(`EnvironmentVariables.${key}`, env[key] ?? null, value);
  }
  const runsAtLoad = current.RunAtLoad === true || keepsAlive(current.KeepAlive);
  if (!keepsAlive(current.KeepAlive) || !runsAtLoad) {
    differences.push({ field: 'KeepAlive', current: text(current.KeepAlive), wanted: 'true' });
  }
  return differences;
}

export function programArguments(dict: PlistDict): string[] {
  return stringArray(dict.ProgramArguments);
}

export function environment(dict: PlistDict): Record<string, string> {
  return envOf(dict);
}


// --- writing ------------------------------------------------------------------------------

export function backupPath(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${file}.${stamp}.bak`;
}

/**
 * Writes `content` to `file` atomically: a temporary file in the same folder, flushed, mode
 * 0644, renamed into place. An existing file is first copied to a backup, whose path is returned.
 * A symlink at `file` is replaced by the rename, never written through into another folder.
 */
export async function writePlistAtomically(file: string, content: string): Promise<{ backup: string | null }> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  let backup: string | null = null;
  const existing = await lstat(file).catch(() => null);
  if (existing?.isSymbolicLink()) {
    backup = await moveToBackup(file);
  } else if (existing) {
    backup = backupPath(file);
    await copyFile(file, backup, constants.COPYFILE_EXCL);
    // copyFile keeps the old mode: a backup of a group/world-writable plist must not stay so.
    await chmod(backup, existing.mode & 0o644);
  }
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, 0o644);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { backup };
}

/**
 * Moves a file aside to a timestamped backup in the same folder (never deletes it) and returns the
 * backup's path, or null when there was no file. A symlink is moved as the link itself.
 */
export async function moveToBackup(file: string): Promise<string | null> {
  const existing = await lstat(file).catch(() => null);
  if (!existing) return null;
  const link = existing.isSymbolicLink();
  const backup = link ? `${backupPath(file)}.link` : backupPath(file);
  await rename(file, backup);
  // A group/world-writable plist must not stay so as a backup.
  if (!link) await chmod(backup, existing.mode & 0o644);
  return backup;
}
