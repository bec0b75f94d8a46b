/**
 * The simulated launchd: holds job records in memory, is the parent of every job process and
 * answers the `launchctl` client on `$LAUNCHD_SIM_DIR/launchd.sock`. It exits, killing every job,
 * when the state directory disappears or on SIGTERM.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { readConfig } from './config.js';
import { Domains } from './domains.js';
import { EventLog } from './event-log.js';
import type { LaunchdState } from './launchd-state.js';
import { Overrides } from './overrides.js';
import { simDirFromEnv, simPaths, type SimPaths } from './paths.js';
import { acquirePidFile, releasePidFile } from './pid-file.js';
import { createLaunchdServer } from './server.js';

const WATCH_INTERVAL_MS = 500;

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function start(paths: SimPaths): void {
  const config = readConfig(paths.config);
  const state: LaunchdState = {
    config,
    paths,
    domains: new Domains(config.guiSession),
    overrides: new Overrides(paths.overrides),
    log: new EventLog(paths.events),
    home: config.home ?? process.env['HOME'] ?? homedir(),
  };
  const server = createLaunchdServer(state);
  let stopping = false;

  const shutdown = (reason: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`launchd simulator: stopping (${reason})\n`);
    for (const job of state.domains.allJobs()) job.killNow();
    server.close();
    if (existsSync(paths.dir)) {
      removeQuietly(paths.socket);
      releasePidFile(paths.pidFile);
    }
    process.exit(code);
  };

  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGHUP', () => shutdown('SIGHUP', 0));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`launchd simulator: ${error.stack ?? String(error)}\n`);
    shutdown('internal error', 70);
  });
  setInterval(() => {
    if (!existsSync(paths.dir)) shutdown('state directory removed', 0);
  }, WATCH_INTERVAL_MS);

  removeQuietly(paths.socket);
  server.listen(paths.socket, () => {
    process.stdout.write(`launchd simulator: pid ${process.pid} listening on ${paths.socket}\n`);
  });
}

function main(): void {
  const dir = simDirFromEnv();
  if (dir === null || !existsSync(dir)) {
    process.stderr.write('launchd simulator: LAUNCHD_SIM_DIR must name an existing directory\n');
    process.exit(64);
  }
  const paths = simPaths(dir);
  if (!acquirePidFile(paths.pidFile)) {
    process.stdout.write(`launchd simulator: pid ${process.pid} found another daemon running; exiting\n`);
    process.exit(0);
  }
  process.chdir('/');
  start(paths);
}

main();
