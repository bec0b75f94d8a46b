import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Files in one folder whose change is worth looking again for. */
export interface WatchedFiles {
  dir: string;
  names: readonly string[];
}

/** Watches `files`; `onChange` runs on every change to one of them. A folder that cannot be watched is left to the poll. */
function watchFiles(files: readonly WatchedFiles[], onChange: () => void): FSWatcher[] {
  return files.flatMap(({ dir, names }) => {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.includes(String(name))) onChange();
      });
      watcher.on('error', () => watcher.close());
      return [watcher];
    } catch {
      return [];
    }
  });
}

/**
 * Probes until `probe` returns a value other than undefined, or the deadline passes (then
 * returns undefined). The first probe runs at once; the next one after `everyMs`, or as soon as
 * one of `files` changes: what the gateway writes says when to look, the poll is the safety net.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  deadlineMs: number,
  everyMs: number,
  files: readonly WatchedFiles[] = [],
): Promise<T | undefined> {
  const deadline = Date.now() + deadlineMs;
  let changed = false;
  let wake: (() => void) | null = null;
  const watchers = watchFiles(files, () => {
    changed = true;
    wake?.();
  });
  try {
    for (;;) {
      changed = false;
      const value = await probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      // A change during the probe means look again at once.
      if (changed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(everyMs, left));
        function done(): void {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    for (const watcher of watchers) watcher.close();
  }
}
