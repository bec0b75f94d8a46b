import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { isPidAlive } from './pid.js';

/** The pid written in a pid file, or null when it is missing or unreadable. */
export function readPidFile(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}

/** Removes a stale pid file, but only if it still names the same dead pid. */
function removeStale(path: string, stalePid: number): void {
  if (readPidFile(path) !== stalePid) return;
  try {
    unlinkSync(path);
  } catch {
    // someone else removed it first
  }
}

/**
 * Takes the pid file for this process: created with its complete contents in one step (link(2)
 * fails if it exists), so two daemons starting together cannot both win. A pid file whose pid
 * is dead is taken over. Returns false when another live process holds it.
 */
export function acquirePidFile(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    writeFileSync(tmp, `${process.pid}\n`);
    try {
      linkSync(tmp, path);
      return true;
    } catch (error) {
      if (!isExists(error)) throw error;
    } finally {
      unlinkSync(tmp);
    }
    const holder = readPidFile(path);
    if (holder === process.pid) return true;
    if (holder !== null && isPidAlive(holder)) return false;
    if (holder !== null) removeStale(path, holder);
  }
  return false;
}

/** Removes the pid file if it is this process's. */
export function releasePidFile(path: string): void {
  if (readPidFile(path) === process.pid) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
