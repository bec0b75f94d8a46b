import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimPaths } from './paths.js';
import { isPidAlive } from './pid.js';
import { readPidFile } from './pid-file.js';

const DAEMON_SCRIPT = fileURLToPath(new URL('./launchd.js', import.meta.url));

/** True when the pid file names a live daemon (which may still be starting). */
export function daemonAlive(paths: SimPaths): boolean {
  const pid = readPidFile(paths.pidFile);
  return pid !== null && isPidAlive(pid);
}

/**
 * Starts the daemon detached, its output appended to `launchd.out`. Several clients may do this
 * at once: the daemons race for the pid file and the losers exit.
 */
export function startDaemon(paths: SimPaths): void {
  const out = openSync(paths.daemonOut, 'a');
  try {
    const child = spawn(process.execPath, [DAEMON_SCRIPT], {
      detached: true,
      stdio: ['ignore', out, out],
      cwd: '/',
      env: process.env,
    });
    child.on('error', () => {
      // the caller keeps waiting for the socket and reports a timeout
    });
    child.unref();
  } finally {
    closeSync(out);
  }
}
