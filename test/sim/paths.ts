import { join, resolve } from 'node:path';

/** The files of one simulator state directory (`$LAUNCHD_SIM_DIR`). */
export interface SimPaths {
  dir: string;
  socket: string;
  pidFile: string;
  daemonOut: string;
  config: string;
  overrides: string;
  inject: string;
  events: string;
}

export function simPaths(dir: string): SimPaths {
  return {
    dir,
    socket: join(dir, 'launchd.sock'),
    pidFile: join(dir, 'launchd.pid'),
    daemonOut: join(dir, 'launchd.out'),
    config: join(dir, 'config.json'),
    overrides: join(dir, 'overrides.json'),
    inject: join(dir, 'inject.json'),
    events: join(dir, 'events.jsonl'),
  };
}

/** Reads `LAUNCHD_SIM_DIR` (made absolute), or returns null when it is unset or empty. */
export function simDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env['LAUNCHD_SIM_DIR'];
  return dir !== undefined && dir !== '' ? resolve(dir) : null;
}
