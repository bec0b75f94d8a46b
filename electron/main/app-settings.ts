/**
 * The app's own settings file (JSON under Electron's userData folder): keep-running, automatic
 * update checks, and what the repair check remembers between runs. Read once, written atomically
 * (temporary file in the same folder, flushed, mode 0600, renamed), so a crash mid-write never
 * leaves half a file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { RepairMemory } from './repair-policy.js';

export interface AppSettings extends RepairMemory {
  keepRunning: boolean;
  /** Look for a new Hermes Bar at launch and every few hours (updater.ts). */
  autoCheckUpdates: boolean;
}

export const DEFAULT_SETTINGS: AppSettings = { keepRunning: false, autoCheckUpdates: true, lastVersion: null, launcherTarget: null, repairDismissedFor: null };

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Unknown or mistyped fields fall back to their defaults; the file is the user's, not trusted. */
export function parseSettings(raw: string): AppSettings {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ...DEFAULT_SETTINGS };
  const fields = data as Record<string, unknown>;
  return {
    keepRunning: typeof fields.keepRunning === 'boolean' ? fields.keepRunning : DEFAULT_SETTINGS.keepRunning,
    autoCheckUpdates: typeof fields.autoCheckUpdates === 'boolean' ? fields.autoCheckUpdates : DEFAULT_SETTINGS.autoCheckUpdates,
    lastVersion: text(fields.lastVersion),
    launcherTarget: text(fields.launcherTarget),
    repairDismissedFor: text(fields.repairDismissedFor),
  };
}

export function writeFileAtomic(file: string, contents: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export class SettingsStore {
  private current: AppSettings;

  constructor(private readonly file: string) {
    let raw: string | null = null;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      // First run: no file yet.
    }
    this.current = raw === null ? { ...DEFAULT_SETTINGS } : parseSettings(raw);
  }

  get(): AppSettings {
    return this.current;
  }

  update(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.current, ...patch };
    writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return next;
  }
}
