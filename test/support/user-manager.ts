/**
 * A real `systemd --user` for one test run (DEVELOPERS.md). The machine runs no systemd as PID 1,
 * so this creates what systemd checks before it agrees to run as a user manager — the marker
 * /run/systemd/system — and the runtime folder /run/user/<uid>, starts the manager in a temporary
 * HOME (its units live in a temporary XDG_CONFIG_HOME, never in the real one), waits until it
 * answers, and removes the marker again at once (it is only read at start). Everything it
 * created is removed when the run ends.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../electron/service/processes.js';
import { runProgram, waitForDeath } from './simulator.js';

/** What the tests need to reach the manager (provided to them by the global setup). */
export interface UserManagerInfo {
  pid: number;
  runtimeDir: string;
  /** The manager's HOME: gateways it runs see this as ~ (their token locks live below it). */
  home: string;
  /** XDG_CONFIG_HOME of the manager: units go to <configHome>/systemd/user. */
  configHome: string;
  unitsDir: string;
  log: string;
}

export interface UserManager {
  info: UserManagerInfo;
  stop(): Promise<void>;
}

const MARKER = '/run/systemd/system';
const SYSTEMD_BINARIES = ['/lib/systemd/systemd', '/usr/lib/systemd/systemd'];
/** Written into the runtime folder, so a run that was killed can be cleaned up by the next. */
const PID_FILE = 'hermes-bar-tests.pid';
const READY_WITHIN_MS = 30_000;

export class UserManagerUnavailable extends Error {}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function terminate(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM'); // the user manager stops its units and exits
  } catch {
    return;
  }
  if (!(await waitForDeath(pid, 20_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForDeath(pid, 5_000);
  }
}

/** A runtime folder left by an earlier run of these tests that was killed: end its manager, remove it. */
async function clearLeftover(runtimeDir: string): Promise<void> {
  const pidFile = path.join(runtimeDir, PID_FILE);
  if (!existsSync(pidFile)) {
    throw new UserManagerUnavailable(
      `${runtimeDir} already exists and was not made by these tests: a user manager of this machine may use it. ` +
        'The systemd tests start their own; run them where no systemd --user runs for this user (see DEVELOPERS.md).',
    );
  }
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  process.stdout.write(`systemd tests: ${runtimeDir} is left from an earlier run (manager pid ${pid}): removing it\n`);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes('systemd')) await terminate(pid);
  await rm(runtimeDir, { recursive: true, force: true });
}

function managerEnv(info: Pick<UserManagerInfo, 'home' | 'configHome' | 'runtimeDir'>): Record<string, string> {
  const user = userInfo().username;
  return {
    HOME: info.home,
    USER: user,
    LOGNAME: user,
    XDG_CONFIG_HOME: info.configHome,
    XDG_RUNTIME_DIR: info.runtimeDir,
    PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
    LANG: 'C.UTF-8',
  };
}

/** Throws, saying what happened, unless the manager of `info` still runs and still owns its runtime folder. */
export function assertManagerAlive(info: UserManagerInfo): void {
  let owner = '';
  try {
    owner = readFileSync(path.join(info.runtimeDir, PID_FILE), 'utf8').trim();
  } catch {
    owner = '(no pid file)';
  }
  if (!isAlive(info.pid) || owner !== String(info.pid)) {
    throw new Error(`The run's systemd --user (pid ${info.pid}) is gone or replaced: alive ${isAlive(info.pid)}, ${info.runtimeDir} names ${owner}`);
  }
}

/** `systemctl --user` against this manager. */
export function managerSystemctl(info: UserManagerInfo, args: string[]): ReturnType<typeof runProgram> {
  return runProgram('systemctl', ['--user', ...args], managerEnv(info));
}

export async function startUserManager(): Promise<UserManager> {
  const binary = SYSTEMD_BINARIES.find((file) => existsSync(file));
  if (!binary) throw new UserManagerUnavailable('systemd is not installed (no /lib/systemd/systemd): run scripts/setup.sh');
  const uid = process.getuid?.() ?? 0;
  const runtimeDir = `/run/user/${uid}`;
  if (existsSync(runtimeDir)) await clearLeftover(runtimeDir);

  const createdMarker = !existsSync(MARKER);
  const root = await mkdtemp(path.join(tmpdir(), 'hermes-bar-systemd-'));
  const home = path.join(root, 'home');
  const configHome = path.join(root, 'config');
  const unitsDir = path.join(configHome, 'systemd', 'user');
  const log = path.join(root, 'systemd.log');
  const cleanUp = async (): Promise<void> => {
    if (createdMarker) await rmdir(MARKER).catch(() => undefined);
    await rm(runtimeDir, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  };
  let pid = 0;
  try {
    for (const dir of [home, unitsDir]) await mkdir(dir, { recursive: true });
    if (createdMarker) await mkdir(MARKER, { recursive: true });
    await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
    const out = openSync(log, 'a');
    try {
      const child = spawn(binary, ['--user'], { env: managerEnv({ home, configHome, runtimeDir }), detached: true, stdio: ['ignore', out, out] });
      pid = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('spawn', () => resolve(child.pid ?? 0));
      });
      child.unref();
    } finally {
      closeSync(out);
    }
    await writeFile(path.join(runtimeDir, PID_FILE), `${pid}\n`);
    const info: UserManagerInfo = { pid, runtimeDir, home, configHome, unitsDir, log };
    const deadline = Date.now() + READY_WITHIN_MS;
    for (;;) {
      if (!isAlive(pid)) {
        throw new UserManagerUnavailable(`systemd --user exited at once: ${(await readFile(log, 'utf8').catch(() => '')).trim() || 'no output'}`);
      }
      if ((await managerSystemctl(info, ['show-environment'])).exit === 0) break;
      if (Date.now() > deadline) throw new UserManagerUnavailable(`systemd --user did not answer within ${READY_WITHIN_MS / 1000} s`);
      await sleep(100);
    }
    // systemd only checks the marker when it starts; other programs on this machine must not
    // mistake it for a booted systemd (apt's maintainer scripts would call systemctl).
    if (createdMarker) await rmdir(MARKER);
    return {
      info,
      async stop() {
        await terminate(pid);
        await cleanUp();
      },
    };
  } catch (error) {
    if (pid > 0) await terminate(pid);
    await cleanUp();
    if (error instanceof UserManagerUnavailable) throw error;
    throw new UserManagerUnavailable(`systemd --user could not be started: ${(error as Error).message}`);
  }
}
