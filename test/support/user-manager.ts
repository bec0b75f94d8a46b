/**
 * A real `systemd --user` for one test run (DEVELOPERS.md). The machine runs no systemd as PID 1,
 * so this creates what systemd checks before it agrees to run as a user manager — the marker
 * /run/systemd/system — and the runtime folder /run/user/<uid>, starts the manager in a temporary
 * HOME (its units live in a temporary XDG_CONFIG_HOME, never in the real one), waits until it
 * answers, and removes the marker again at once (it is only read at start). Everything it
 * created is removed when the run ends.
 *
 * One manager per user at a time: two managers of one user would share their units' cgroups, so
 * a second run of these tests on the machine waits until the first has finished.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
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
/**
 * Written into the runtime folder: the test run that owns it and its manager, so a run that was
 * killed can be cleaned up by the next, and a run still going is waited for.
 */
const OWNER_FILE = 'hermes-bar-tests.json';
const READY_WITHIN_MS = 30_000;
/** How long a run waits for another run of these tests to finish with the runtime folder. */
const WAIT_FOR_OTHER_RUN_MS = 15 * 60_000;
/** A folder just made by another run may not hold its owner file yet. */
const CLAIM_GRACE_MS = 10_000;

export class UserManagerUnavailable extends Error {}

interface Owner {
  /** The test run's process (vitest's main process). */
  run: number;
  manager: number | null;
}

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

function readOwner(runtimeDir: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(path.join(runtimeDir, OWNER_FILE), 'utf8')) as Owner;
    return typeof owner.run === 'number' ? owner : null;
  } catch {
    return null;
  }
}

async function ageMs(dir: string): Promise<number> {
  return Date.now() - (await stat(dir).then((info) => info.mtimeMs, () => Date.now()));
}

/**
 * Makes `runtimeDir` this run's (created here, so the claim is atomic). A folder of a run that
 * died is cleaned up; one of a run still going is waited for; one these tests did not make
 * stops the run.
 */
async function claimRuntimeDir(runtimeDir: string): Promise<void> {
  await mkdir(path.dirname(runtimeDir), { recursive: true });
  const deadline = Date.now() + WAIT_FOR_OTHER_RUN_MS;
  let announced = false;
  for (;;) {
    try {
      await mkdir(runtimeDir, { mode: 0o700 });
      await writeFile(path.join(runtimeDir, OWNER_FILE), JSON.stringify({ run: process.pid, manager: null } satisfies Owner));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(runtimeDir);
    if (!owner && (await ageMs(runtimeDir)) > CLAIM_GRACE_MS) {
      throw new UserManagerUnavailable(
        `${runtimeDir} already exists and was not made by these tests: a user manager of this machine may use it. ` +
          'The systemd tests start their own; run them where no systemd --user runs for this user (see DEVELOPERS.md).',
      );
    }
    if (owner && !isAlive(owner.run)) {
      process.stdout.write(`systemd tests: ${runtimeDir} is left from a run that died (pid ${owner.run}): removing it\n`);
      if (owner.manager && isAlive(owner.manager) && commandLine(owner.manager).includes('systemd')) await terminate(owner.manager);
      await rm(runtimeDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserManagerUnavailable(`another run of the systemd tests (pid ${owner?.run ?? '?'}) still uses ${runtimeDir} after ${WAIT_FOR_OTHER_RUN_MS / 60_000} min`);
    }
    if (!announced) process.stdout.write(`systemd tests: waiting for another run of them (pid ${owner?.run ?? '?'}) to finish with ${runtimeDir}\n`);
    announced = true;
    await sleep(1_000);
  }
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

/** Throws, saying what happened, unless the manager of `info` still runs and its run still owns the runtime folder. */
export function assertManagerAlive(info: UserManagerInfo): void {
  const owner = readOwner(info.runtimeDir);
  if (!isAlive(info.pid) || owner?.manager !== info.pid) {
    throw new Error(`The run's systemd --user (pid ${info.pid}) is gone or replaced: alive ${isAlive(info.pid)}, ${info.runtimeDir} names ${JSON.stringify(owner)}`);
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
  await claimRuntimeDir(runtimeDir);

  const createdMarker = !existsSync(MARKER);
  const root = await mkdtemp(path.join(tmpdir(), 'hermes-bar-systemd-'));
  const home = path.join(root, 'home');
  const configHome = path.join(root, 'config');
  const unitsDir = path.join(configHome, 'systemd', 'user');
  const log = path.join(root, 'systemd.log');
  // The marker goes before the runtime folder: a run waiting for the folder creates its own marker next.
  const cleanUp = async (): Promise<void> => {
    if (createdMarker) await rmdir(MARKER).catch(() => undefined);
    if (readOwner(runtimeDir)?.run === process.pid) await rm(runtimeDir, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  };
  let pid = 0;
  try {
    for (const dir of [home, unitsDir]) await mkdir(dir, { recursive: true });
    if (createdMarker) await mkdir(MARKER, { recursive: true });
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
    await writeFile(path.join(runtimeDir, OWNER_FILE), JSON.stringify({ run: process.pid, manager: pid } satisfies Owner));
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
