/**
 * The real system one stress sequence runs against: a launchd simulator, a real-shaped stand-in
 * Hermes install (0.21 with its store Python, 0.21 from a venv, or 0.18) and an older install of
 * the same version beside it, Hermes's own CLI, the engine in this process (as the app holds it)
 * and CLI processes beside it.
 */
import { chmod, readFile, readdir, rename, truncate, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../electron/service/engine.js';
import { createEngine, lockPath } from '../../electron/service/engine.js';
import { toErrorInfo } from '../../electron/service/errors.js';
import { observeAtLaunch } from '../../electron/service/launch-policy.js';
import { readSettings } from '../../electron/service/settings.js';
import { resolveTarget } from '../../electron/service/target.js';
import type { Operation, OperationResponse } from '../../electron/service/types.js';
import { pollUntil, sleep } from '../../electron/service/wait.js';
import { parseJson, spawnCli } from '../support/cli.js';
import { hermesGatewayStart, hermesNormalized, hermesWrites } from '../support/hermes-cli.js';
import { nowMicros } from '../support/invariants.js';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import type { HermesInstall, HermesShape, StandinConfig } from '../support/standin.js';
import { installHermes, readStandinEvents, writeStandinConfig } from '../support/standin.js';
import type { CrashTarget, GatewayBehaviour, InjectedCommand, InjectedExit, OperationCall, PlistDamage } from './steps.js';

/** launchd's seconds under stress (ThrottleInterval 30 s becomes 150 ms). */
export const STRESS_LAUNCHD_TIME_SCALE = 0.005;
/** Deadlines of the engine under stress: short, still far above what the simulator needs. */
export const STRESS_ENGINE_TIME_SCALE = '0.1';
/** How long `hermes gateway start` waits for launchd (a job to go, a bootstrap to succeed) before it gives up. */
const HERMES_CLI_WITHIN_MS = 2_000;
/** At logout, what is left of the session once its jobs are gone is killed after this. */
const SESSION_END_GRACE_MS = 500;

const BEHAVIOURS: Record<GatewayBehaviour, StandinConfig> = {
  normal: { bootMs: 40, drainMs: 20 },
  'hang-on-term': { bootMs: 40, drainMs: 20, ignoreSigterm: true },
  wedged: { bootMs: 40, drainMs: 20, ignoreSigterm: true, ignoreSigusr1: true },
  'slow-boot': { bootMs: 600, drainMs: 20 },
  'crash-loop': { bootMs: 20, crashOnBoot: 1 },
};

/** What one operation answered, and when it ended (µs, CLOCK_MONOTONIC). */
export interface Outcome {
  call: OperationCall;
  /** null when the CLI process did not answer as the contract says (see `contractBreach`). */
  response: OperationResponse | null;
  endedAt: number;
  /** A CLI that exited with another status than 0 or 1, or printed no JSON. */
  contractBreach: string | null;
}

/** A gateway process of this home, found from /proc independently of the engine. */
export interface LiveGateway {
  pid: number;
  ppid: number;
  argv: string[];
  /** Set when a fault, not the engine, ended the job process it ran under (see World.faultOrphans). */
  orphanOfFault: boolean;
}

/** What /proc/<pid>/stat says of a process. */
interface ProcStat {
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: the start in clock ticks since boot (with the pid, a process's identity). */
  start: string;
}

function procText(pid: string | number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return null;
  }
}

function procStat(pid: string | number): ProcStat | null {
  const stat = procText(pid, 'stat');
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]), start: fields[19] ?? '' };
}

/** Alive, by /proc: a zombie is dead. */
export function isProcessAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Hermes's own rule for "is this a gateway process" (HERMES.md "The processes"), written here
 * apart from the engine's, so the judge is not the judged: an entry point (`hermes_cli.main`,
 * also inside a `-c` script; `hermes_cli/main.py`; a token named `hermes`), then, profile
 * selectors skipped, `gateway run`. The stderr wrapper's line is never a gateway.
 */
export function isGatewayProcess(argv: readonly string[]): boolean {
  if (argv.some((arg) => arg.includes('hermes_cli.stderr_timestamp'))) return false;
  const entry = argv.some((arg) => arg.includes('hermes_cli.main') || arg.includes('hermes_cli/main.py') || path.basename(arg) === 'hermes');
  if (!entry) return false;
  const rest = argv.filter((arg, i) => !['--profile', '-p'].includes(arg) && !['--profile', '-p'].includes(argv[i - 1] ?? ''));
  const at = rest.indexOf('gateway');
  return at >= 0 && rest[at + 1] === 'run';
}

/** A moved install root and where the upgrade put it. */
interface MovedRoot {
  from: string;
  to: string;
}

export class World {
  readonly engine: Engine;
  readonly env: NodeJS.ProcessEnv;
  readonly plistPath: string;
  readonly lockFile: string;
  private readonly gui: string;
  private readonly job: string;
  /**
   * Job processes a fault ended (the crash of launchd's process; Hermes's own CLI booting the
   * job out), by pid, with the instant they ended. A gateway that outlives its wrapper this way
   * is the fault's orphan: launchd SIGTERMs it with the group, and meanwhile respawns the job,
   * whose new gateway finds gateway.lock taken and exits. That overlap is launchd's and Hermes's,
   * not the engine's; the engine must still stop the orphan, or refuse to start beside it.
   */
  readonly faultEndedJobs = new Map<number, number>();
  /** The processes of those jobs' groups that outlived them, as `pid:start` (start ticks). */
  private readonly faultOrphans = new Set<string>();
  private readonly moved: MovedRoot[] = [];

  private constructor(
    readonly sim: Simulator,
    readonly hermes: HermesShape,
    /** The install the user runs (`~/.local/bin/hermes`, the default install root). */
    readonly install: HermesInstall,
    /** An older install of the same version elsewhere, as a reinstall leaves it. */
    readonly olderInstall: HermesInstall,
    /** What each install's own Hermes writes for this home's plist. */
    private readonly hermesPlists: { current: string; older: string },
  ) {
    this.env = { ...sim.env, HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: STRESS_ENGINE_TIME_SCALE };
    const settings = readSettings(this.env);
    const target = resolveTarget(settings, null);
    this.engine = createEngine(settings);
    this.plistPath = target.plistPath;
    this.lockFile = lockPath(target);
    this.gui = `gui/${sim.uid}`;
    this.job = `${this.gui}/${target.label}`;
  }

  static async create(hermes: HermesShape = '0.21'): Promise<World> {
    const sim = await createSimulator({ timeScale: STRESS_LAUNCHD_TIME_SCALE });
    try {
      // A venv install's console script linked onto ~/.local/bin, as older installers did.
      const install = installHermes(sim.home, { shape: hermes, forwarder: true });
      const olderInstall = installHermes(sim.home, { shape: hermes, root: path.join(sim.home, 'older-install', 'hermes-agent'), forwarder: false });
      await writeStandinConfig(sim.hermesHome, BEHAVIOURS.normal);
      const [current, older] = await Promise.all(
        [install, olderInstall].map(async (one) => (await hermesWrites(one, sim.hermesHome, 'plist', sim.env)).text),
      );
      return new World(sim, hermes, install, olderInstall, { current: current ?? '', older: older ?? '' });
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }

  get home(): string {
    return this.sim.hermesHome;
  }

  // --- operations -------------------------------------------------------------------------

  async runEngine(op: Operation): Promise<Outcome> {
    const call: OperationCall = { op, via: 'engine' };
    try {
      const response = await this.engine.run(op);
      return { call, response, endedAt: nowMicros(), contractBreach: null };
    } catch (error) {
      return { call, response: { operation: op, ok: false, error: toErrorInfo(error) }, endedAt: nowMicros(), contractBreach: null };
    }
  }

  async runCli(op: Operation): Promise<Outcome> {
    const call: OperationCall = { op, via: 'cli' };
    const result = await spawnCli([op, '--json'], this.env);
    const endedAt = nowMicros();
    const json = parseJson(result.stdout) as OperationResponse | undefined;
    const exit = result.exitCode ?? -1;
    if ((exit === 0 || exit === 1) && json !== undefined && json.ok === (exit === 0)) {
      return { call, response: json, endedAt, contractBreach: null };
    }
    return {
      call,
      response: null,
      endedAt,
      contractBreach: `hermes-bar ${op} --json exited ${exit}${result.signal ? ` (${result.signal})` : ''}: ${result.stdout.slice(0, 400)} ${result.stderr.slice(0, 800)}`,
    };
  }

  run(call: OperationCall): Promise<Outcome> {
    return call.via === 'engine' ? this.runEngine(call.op) : this.runCli(call.op);
  }

  /** A CLI operation killed with SIGKILL after `afterMs`. */
  async killCli(op: Operation, afterMs: number): Promise<void> {
    const child = spawnCli([op, '--json'], this.env);
    await sleep(afterMs);
    child.kill('SIGKILL');
    await child;
  }

  /**
   * Logout then login: logout ends the session's jobs, and then what is left of the session (a
   * gateway that outlived its job); at login launchd bootstraps the agents in LaunchAgents
   * (RunAtLoad) while the app, started as a login item, looks and may load the job.
   */
  async login(): Promise<Outcome | null> {
    // A logout ends the session's jobs whatever launchctl answers: a bootout an injected failure
    // refused is tried again. The next session begins only once the last one is gone.
    let jobGoneAt: number | null = null;
    const ended = await pollUntil(
      async () => {
        if ((await this.sim.launchctl(['print', this.job])).exit === 0) {
          await this.sim.launchctl(['bootout', this.job]);
          return undefined;
        }
        const left = this.liveGateways();
        if (left.length === 0) return true;
        jobGoneAt ??= Date.now();
        if (Date.now() - jobGoneAt >= SESSION_END_GRACE_MS) for (const gateway of left) kill(gateway.pid, 'SIGKILL');
        return undefined;
      },
      30_000,
      20,
    );
    if (ended === undefined) throw new Error(`logout: ${this.job} or its gateway outlived the session for 30 s`);
    const launchdAtLogin = existsSync(this.plistPath) ? this.sim.launchctl(['bootstrap', this.gui, this.plistPath]) : Promise.resolve(null);
    const app = observeAtLaunch(this.engine, null, true);
    const [, launched] = await Promise.all([launchdAtLogin, app]);
    if (launched.result === null) return null;
    return { call: { op: 'start', via: 'engine' }, response: launched.result, endedAt: nowMicros(), contractBreach: null };
  }

  // --- faults -----------------------------------------------------------------------------

  gatewayBehaviour(behaviour: GatewayBehaviour): Promise<void> {
    return writeStandinConfig(this.home, BEHAVIOURS[behaviour]);
  }

  /** launchd's pid for the job (under 0.21's plist, the stderr wrapper), or null. */
  async launchdPid(): Promise<number | null> {
    const printed = await this.sim.launchctl(['print', this.job]);
    const pid = /^\tpid = (\d+)$/m.exec(printed.stdout)?.[1];
    return printed.exit === 0 && pid !== undefined ? Number(pid) : null;
  }

  /** SIGKILL of every gateway of the home, or of launchd's process for the job. */
  async crash(target: CrashTarget): Promise<void> {
    if (target === 'gateway') {
      for (const gateway of this.liveGateways()) kill(gateway.pid, 'SIGKILL');
      return;
    }
    const pid = await this.launchdPid();
    if (pid === null) return;
    kill(pid, 'SIGKILL');
    await pollUntil(() => (isProcessAlive(pid) ? undefined : true), 5_000, 5);
    this.faultEnded(pid, nowMicros());
  }

  /**
   * `hermes gateway start` (Hermes's own CLI) between the app's operations, when the user can run
   * `hermes` (an upgrade may have moved it): rewrites a plist it calls outdated and reloads it.
   * A launchctl failure makes it give up, as Hermes does (an error and exit 1).
   */
  async hermesGatewayStart(): Promise<void> {
    if (!existsSync(this.install.launcher)) return;
    const began = nowMicros();
    // Hermes's CLI loads the job whatever gateway outlived its own job (a stop that was killed
    // half-way leaves one): the job's gateways then find the lock taken, Hermes's doing.
    for (const orphan of this.orphans()) this.faultEnded(orphan.pgrp, began);
    await hermesGatewayStart(this.sim, this.install, this.home, HERMES_CLI_WITHIN_MS).catch(() => undefined);
    // Every job process that ended meanwhile: the one Hermes's bootout ended, and any it replaced
    // by itself first (launchd may respawn the job between anyone's look and that bootout).
    for (const exit of await this.jobExitsSince(began)) this.faultEnded(exit.pid, exit.t);
  }

  private async jobExitsSince(t: number): Promise<Array<{ pid: number; t: number }>> {
    return (await this.sim.events()).flatMap((e) => (e.type === 'exit' && `${e.domain}/${e.label}` === this.job && e.t >= t ? [{ pid: e.pid, t: e.t }] : []));
  }

  /** Live gateways of the home whose job process (their process group's leader, the wrapper) is gone. */
  private orphans(): Array<{ pid: number; pgrp: number }> {
    return this.liveGateways().flatMap((gateway) => {
      const pgrp = procStat(gateway.pid)?.pgrp;
      return pgrp !== undefined && pgrp !== gateway.pid && !isProcessAlive(pgrp) ? [{ pid: gateway.pid, pgrp }] : [];
    });
  }

  /** Records a job process a fault ended, and what of its group outlived it. */
  private faultEnded(pid: number, at: number): void {
    if (!this.faultEndedJobs.has(pid)) this.faultEndedJobs.set(pid, at);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = procStat(entry);
      if (stat !== null && stat.pgrp === pid && stat.state !== 'Z') this.faultOrphans.add(`${entry}:${stat.start}`);
    }
  }

  async damagePlist(damage: PlistDamage): Promise<void> {
    const exists = existsSync(this.plistPath);
    switch (damage) {
      case 'delete':
        if (exists) await rename(this.plistPath, path.join(this.sim.root, `deleted-${Date.now()}.plist`));
        return;
      case 'truncate':
        if (exists) await truncate(this.plistPath, Math.floor((await readFile(this.plistPath)).length / 2));
        return;
      case 'corrupt':
        if (exists) await writeFile(this.plistPath, Buffer.from([0x3c, 0x3f, 0xff, 0xfe, 0x00, 0x62, 0x70, 0x6c, 0x69, 0x73, 0x74]));
        return;
      case 'group-writable':
        if (exists) await chmod(this.plistPath, 0o664);
        return;
      case 'old-install':
        // The older install's own Hermes wrote its plist: Hermes's, so the engine must leave it alone.
        await writeFile(this.plistPath, this.hermesPlists.older, { mode: 0o644 });
        return;
    }
  }

  /**
   * An upgrade moves the install root the plist names (the older install's, when the plist is
   * its; else the user's install) out of the way, so the definition's programs are gone; a later
   * one puts every moved root back.
   */
  async moveInstall(action: 'move' | 'restore'): Promise<void> {
    if (action === 'restore') {
      for (const { from, to } of this.moved.splice(0)) await rename(to, from);
      return;
    }
    const plist = (await this.plistBytes())?.toString('utf8') ?? '';
    const root = plist.includes(this.olderInstall.root) ? this.olderInstall.root : this.install.root;
    if (!existsSync(root)) return;
    const to = `${root}.moved-by-upgrade`;
    await rename(root, to);
    this.moved.push({ from: root, to });
  }

  async disable(): Promise<void> {
    await this.sim.launchctl(['disable', this.job]);
  }

  inject(command: InjectedCommand, exit: InjectedExit, times: number): Promise<void> {
    return this.sim.inject({ command, exit, times, stderr: `${command} failed: ${exit}: injected by the stress run` });
  }

  slowBootout(ms: number): Promise<void> {
    return this.sim.inject({ command: 'bootout', teardownMs: ms });
  }

  // --- observation ------------------------------------------------------------------------

  /** Live gateway processes of this home, by Hermes's rule (the wrapper is none) and their HERMES_HOME. */
  liveGateways(): LiveGateway[] {
    const found: LiveGateway[] = [];
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = procText(pid, 'cmdline');
      if (cmdline === null || !cmdline.includes('\0gateway\0run')) continue;
      const argv = cmdline.split('\0').filter(Boolean);
      if (!isGatewayProcess(argv)) continue;
      const environ = (procText(pid, 'environ') ?? '').split('\0');
      const hermesHome = environ.find((pair) => pair.startsWith('HERMES_HOME='))?.slice('HERMES_HOME='.length);
      const userHome = environ.find((pair) => pair.startsWith('HOME='))?.slice('HOME='.length);
      if ((hermesHome ?? (userHome === undefined ? undefined : path.join(userHome, '.hermes'))) !== this.home) continue;
      const stat = procStat(pid);
      if (stat === null || stat.state === 'Z') continue;
      found.push({ pid: Number(pid), ppid: stat.ppid, argv, orphanOfFault: this.faultOrphans.has(`${pid}:${stat.start}`) });
    }
    // A gateway's own child (its exit watcher between spawn and exec) shows the gateway's command line: it is no second gateway.
    const pids = new Set(found.map((gateway) => gateway.pid));
    return found.filter((gateway) => !pids.has(gateway.ppid));
  }

  /** The plist's bytes, or null when there is none. */
  async plistBytes(): Promise<Buffer | null> {
    try {
      return await readFile(this.plistPath);
    } catch {
      return null;
    }
  }

  /**
   * Whether `bytes` is Hermes's own plist: what the user's install or the older one writes for
   * this home (Hermes's own comparison: lines stripped, PATH masked), naming an install in place.
   */
  isHermesOwn(bytes: Buffer | null): boolean {
    if (bytes === null) return false;
    const text = hermesNormalized(bytes.toString('utf8'));
    return [
      { wrote: this.hermesPlists.current, root: this.install.root },
      { wrote: this.hermesPlists.older, root: this.olderInstall.root },
    ].some(({ wrote, root }) => text === hermesNormalized(wrote) && existsSync(root));
  }

  /** What the user's install writes for this home's plist. */
  get hermesPlist(): string {
    return this.hermesPlists.current;
  }

  /** Every backup the engine made of the plist (copies and moved-aside symlinks). */
  async backups(): Promise<Buffer[]> {
    const dir = path.dirname(this.plistPath);
    const base = path.basename(this.plistPath);
    const names = (await readdir(dir)).filter((name) => name.startsWith(`${base}.`) && /\.bak(\.link)?$/.test(name));
    return Promise.all(names.map((name) => readFile(path.join(dir, name))));
  }

  standinEvents(): ReturnType<typeof readStandinEvents> {
    return readStandinEvents(this.home);
  }

  dispose(): Promise<void> {
    return this.sim.stop();
  }
}
