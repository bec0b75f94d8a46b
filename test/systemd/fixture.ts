/**
 * One Linux user per test against the run's real systemd --user: a temporary HOME with a stand-in
 * Hermes install, the manager's units folder, and the CLI with HERMES_BAR_BACKEND=systemd. Every
 * test ends by checking, from the gateways' own events, that two gateways of its home were never
 * alive at the same instant, then removes every unit it left.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import { parseShow } from '../../electron/service/systemd/unit-record.js';
import { sleep } from '../../electron/service/wait.js';
import { readJsonLines } from '../sim/jsonl.js';
import type { CliRun } from '../support/cli.js';
import type { CliChecks } from '../support/cli-checks.js';
import { cliChecks } from '../support/cli-checks.js';
import { cli, spawnCli } from '../support/cli.js';
import { assertNeverTwoGateways } from '../support/invariants.js';
import { hermesWrites } from '../support/hermes-cli.js';
import type { HermesInstall, HermesShape, StandinConfig } from '../support/standin.js';
import { installHermes, readStandinEvents, writeStandinConfig } from '../support/standin.js';
import type { UserManagerInfo } from '../support/user-manager.js';
import { assertManagerAlive, managerSystemctl } from '../support/user-manager.js';

export const UNIT = 'hermes-gateway.service';
export const LEGACY = 'hermes.service';
const RECORDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'bin', 'systemctl');

const systemd = inject('systemd');

/** `describe` for the systemd tests: skipped (saying so) only when HERMES_BAR_SYSTEMD_TESTS=skip. */
export const describeSystemd = describe.skipIf(systemd.state === 'skipped');

/** The run's manager; a test without one fails, saying why (never passes silently). */
function manager(): UserManagerInfo {
  if (systemd.state === 'running') {
    assertManagerAlive(systemd.manager);
    return systemd.manager;
  }
  throw new Error(`No real systemd --user for this test: ${systemd.reason}`);
}

/** One systemctl call the engine made, as test/systemd/bin/systemctl recorded it. */
export interface SystemctlCallRecord {
  t: number;
  args: string[];
  status: number;
}

export interface SystemdFixture extends CliChecks {
  manager: UserManagerInfo;
  root: string;
  home: string;
  hermesHome: string;
  /** The stand-in Hermes install (0.21 with a store Python unless the test asks otherwise). */
  install: HermesInstall;
  launcher: string;
  unitPath: string;
  env: Record<string, string>;
  run(args: string[], env?: Record<string, string>): Promise<CliRun>;
  spawn(args: string[]): ReturnType<typeof spawnCli>;
  /** `systemctl --user` run by the test itself (not recorded). */
  systemctl(args: string[]): Promise<{ exit: number; stdout: string; stderr: string }>;
  show(unit?: string): Promise<UnitRecord>;
  /** The systemctl calls the engine made, in order; `since` is a count from an earlier call. */
  calls(since?: number): Promise<SystemctlCallRecord[]>;
  /** The unit the installed Hermes (or `install`) writes for `home` (default: the fixture's): Hermes's own. */
  hermesUnit(install?: HermesInstall, home?: string): Promise<string>;
  /** An older install beside the current one, at another root (as a reinstall elsewhere leaves it). */
  oldInstall(): HermesInstall;
  /** Writes a unit by hand (as an older Hermes left it), reloads systemd and starts it. */
  startByHand(content: string, unit?: string): Promise<number>;
  waitForPid(notPid?: number | null, unit?: string): Promise<number>;
  /** A test that makes two gateways on purpose checks the invariant only after this instant (µs). */
  since?: number;
  finish(): Promise<void>;
}

export interface FixtureOptions {
  /** Whether /var/lib/systemd/linger has the user's flag (the fixture's stand-in for it). Default true. */
  lingering?: boolean;
  /** The Hermes install's shape. Default 0.21 (store Python). */
  shape?: HermesShape;
}

/** Stops and removes every unit in the manager's units folder, so the next test starts clean. */
async function clearUnits(info: UserManagerInfo): Promise<void> {
  const units = (await readdir(info.unitsDir).catch(() => [])).filter((name) => name.endsWith('.service'));
  for (const unit of units) await managerSystemctl(info, ['disable', '--now', unit]);
  if (units.length > 0) await managerSystemctl(info, ['reset-failed', ...units]);
  await rm(info.unitsDir, { recursive: true, force: true });
  await mkdir(info.unitsDir, { recursive: true });
  await managerSystemctl(info, ['daemon-reload']);
}

/** Ends stand-in gateways of this test still alive (a test that failed half-way). */
async function killLeftovers(hermesHome: string, root: string): Promise<void> {
  const open = new Set<number>();
  for (const event of await readStandinEvents(hermesHome)) {
    if (event.type === 'start') open.add(event.pid);
    else if (event.type === 'exit') open.delete(event.pid);
  }
  for (const pid of open) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (isAlive(pid) && cmdline.includes(root)) process.kill(pid, 'SIGKILL');
  }
}

export async function systemdFixture(config: StandinConfig = {}, options: FixtureOptions = {}): Promise<SystemdFixture> {
  const info = manager();
  await clearUnits(info);
  const root = await mkdtemp(path.join(tmpdir(), 'hermes-bar-systemd-test-'));
  const home = path.join(root, 'home');
  const hermesHome = path.join(home, '.hermes');
  const lingerDir = path.join(root, 'linger');
  const user = userInfo().username;
  await mkdir(lingerDir, { recursive: true });
  if (options.lingering !== false) await writeFile(path.join(lingerDir, user), '');
  const install = installHermes(home, { shape: options.shape ?? '0.21' });
  await writeStandinConfig(hermesHome, config);
  const launcher = install.launcher;
  const callLog = path.join(root, 'systemctl.jsonl');
  const env: Record<string, string> = {
    HOME: home,
    USER: user,
    LOGNAME: user,
    HERMES_HOME: hermesHome,
    XDG_CONFIG_HOME: info.configHome,
    XDG_RUNTIME_DIR: info.runtimeDir,
    // The gateways systemd runs keep their token locks below the manager's HOME; so do the ones a test starts.
    XDG_STATE_HOME: path.join(info.home, '.local', 'state'),
    HERMES_BAR_BACKEND: 'systemd',
    HERMES_BAR_SYSTEMCTL: RECORDER,
    HERMES_BAR_SYSTEMCTL_LOG: callLog,
    HERMES_BAR_LINGER_DIR: lingerDir,
    TMPDIR: tmpdir(),
    PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'].join(':'),
  };
  const unitPath = path.join(info.unitsDir, UNIT);
  const run = (args: string[], extra: Record<string, string> = {}): Promise<CliRun> => cli(args, { ...env, ...extra });
  const self: SystemdFixture = {
    manager: info,
    root,
    home,
    hermesHome,
    install,
    launcher,
    unitPath,
    env,
    run,
    spawn: (args) => spawnCli(args, env),
    ...cliChecks(run),
    systemctl: (args) => managerSystemctl(info, args).then(({ exit, stdout, stderr }) => ({ exit, stdout, stderr })),
    async show(unit = UNIT) {
      const shown = await managerSystemctl(info, ['show', unit]);
      expect(shown.exit, shown.stderr).toBe(0);
      return parseShow(shown.stdout);
    },
    async calls(since = 0) {
      return (await readJsonLines<SystemctlCallRecord>(callLog)).slice(since);
    },
    async hermesUnit(from = install, forHome = hermesHome) {
      return (await hermesWrites(from, forHome, 'unit', env)).text;
    },
    oldInstall() {
      return installHermes(home, { shape: install.shape, root: path.join(home, 'old-install', 'hermes-agent'), forwarder: false });
    },
    async startByHand(content, unit = UNIT) {
      await mkdir(path.join(hermesHome, 'logs'), { recursive: true });
      await writeFile(path.join(info.unitsDir, unit), content, { mode: 0o644 });
      for (const args of [['daemon-reload'], ['start', unit]]) {
        const done = await managerSystemctl(info, args);
        expect(done.exit, done.stderr).toBe(0);
      }
      return self.waitForPid(null, unit);
    },
    async waitForPid(notPid = null, unit = UNIT) {
      for (let i = 0; i < 600; i += 1) {
        const { mainPid } = await self.show(unit);
        if (mainPid !== null && mainPid !== notPid) return mainPid;
        await sleep(25);
      }
      throw new Error(`no main pid appeared for ${unit}`);
    },
    async finish() {
      try {
        const options = self.since === undefined ? {} : { since: self.since };
        assertNeverTwoGateways([], await readStandinEvents(hermesHome), options);
      } finally {
        await clearUnits(info);
        await killLeftovers(hermesHome, root);
        await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      }
    },
  };
  return self;
}
