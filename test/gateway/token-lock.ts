import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPidAlive } from '../sim/pid.js';

export type LockResult = { ok: true; path: string } | { ok: false; path: string; holder: number };

export function tokenLockPath(lockDir: string, token: string): string {
  return join(lockDir, `${createHash('sha256').update(token).digest('hex').slice(0, 16)}.lock`);
}

function readHolder(path: string): number | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const pid = (value as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the bot-token lock: created exclusively with its full contents (link(2)), taken over
 * when the pid in it is dead, refused when it is alive.
 */
export function acquireTokenLock(lockDir: string, token: string, home: string): LockResult {
  mkdirSync(lockDir, { recursive: true });
  const path = tokenLockPath(lockDir, token);
  const tmp = `${path}.${process.pid}.tmp`;
  const body = `${JSON.stringify({ pid: process.pid, hermes_home: home, created_at: Date.now() / 1000 })}\n`;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    writeFileSync(tmp, body);
    try {
      linkSync(tmp, path);
      return { ok: true, path };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(tmp);
    }
    const holder = readHolder(path);
    if (holder !== null && holder !== process.pid && isPidAlive(holder)) return { ok: false, path, holder };
    if (readHolder(path) === holder) {
      try {
        unlinkSync(path);
      } catch {
        // another starter took it over first
      }
    }
  }
  return { ok: false, path, holder: readHolder(path) ?? 0 };
}

/** Removes the lock only if it is still ours. */
export function releaseTokenLock(path: string): void {
  if (readHolder(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
