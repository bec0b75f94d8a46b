/**
 * The real system one stress sequence runs against: a launchd simulator, a stand-in Hermes
 * install, the engine in this process (as the app holds it) and CLI processes beside it.
 */
import { chmod, mkdir, readFile, readdir, rename, truncate, writeFile, cp } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../electron/service/engine.js';
import { createEngine, lockPath } from '../../electron/service/engine.js';
import { toErrorInfo } from '../../electron/service/errors.js';
import { observeAtLaunch } from '../../electron/service/launch-policy.js';
import { handPlist } from '../support/hand-plist.js';
import { readSettings } from '../../electron/service/settings.js';
import { resolveTarget } from '../../electron/service/target.js';
import type { Operation, OperationResponse } from '../../electron/service/types.js';
import { pollUntil, sleep } from '../../electron/service/wait.js';
import { parseJson, spawnCli } from '../support/cli.js';
import { nowMicros } from '../support/invariants.js';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import type { StandinConfig } from '../support/standin.js';
import { installStandin, readStandinEvents, writeStandinConfig } from '../support/standin.js';
import type { GatewayBehaviour, InjectedCommand, InjectedExit, OperationCall, PlistDamage } from './steps.js';

/** launchd's seconds under stress (ThrottleInterval 30 s becomes 150 ms). */
export const STRESS_LAUNCHD_TIME_SCALE = 0.005;
/** Deadlines of the engine under stress: short, still far above what the simulator needs. */
export const STRESS_ENGINE_TIME_SCALE = '0.1';

const BEHAVIOURS: Record<GatewayBehaviour, StandinConfig> = {
  normal: { bootMs: 40, drainMs: 20 },
  'hang-on-term': { bootMs: 40, drainMs: 20, ignoreSigterm: true },
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
  argv: string[];
}

function procText(pid: string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return null;
  }
}

export class World {
  readonly engine: Engine;
  readonly env: NodeJS.ProcessEnv;
  readonly plistPath: string;
  readonly lockFile: string;
  private readonly gui: string;
  private readonly movedLauncher: string;
  private readonly oldLauncher: string;

  private constructor(
    readonly sim: Simulator,
    readonly launcher: string,
  ) {
    this.env = { ...sim.env, HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: STRESS_ENGINE_TIME_SCALE };
    const settings = readSettings(this.env);
    const target = resolveTarget(settings, null);
    this.engine = createEngine(settings);
    this.plistPath = target.plistPath;
    this.lockFile = lockPath(target);
    this.gui = `gui/${sim.uid}`;
    this.movedLauncher = path.join(sim.home, 'moved-by-upgrade', 'hermes');
    this.oldLauncher = path.join(sim.home, 'old-install', 'bin', 'hermes');
  }

  static async create(): Promise<World> {
    const sim = await createSimulator({ timeScale: STRESS_LAUNCHD_TIME_SCALE });
    try {
      const launcher = await installStandin(sim.hermesHome, BEHAVIOURS.normal);
      return new World(sim, launcher);
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
   * Logout then login: logout ends the session's jobs; at login launchd bootstraps the agents in
   * LaunchAgents (RunAtLoad) while the app, started as a login item, looks and may load the job.
   */
  async login(): Promise<Outcome | null> {
    const job = `${this.gui}/ai.hermes.gateway`;
    // A logout ends the session's jobs whatever launchctl answers: a bootout an injected failure
    // refused is tried again. The next session begins only once the last one is gone: its job and
    // its processes.
    const ended = await pollUntil(
      async () => {
        if ((await this.sim.launchctl(['print', job])).exit === 0) {
          await this.sim.launchctl(['bootout', job]);
          return undefined;
        }
        return this.liveGateways().length === 0 ? true : undefined;
      },
      30_000,
      20,
    );
    if (ended === undefined) throw new Error(`logout: ${job} or its gateway outlived the session for 30 s`);
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

  crashGateway(): void {
    for (const gateway of this.liveGateways()) {
      try {
        process.kill(gateway.pid, 'SIGKILL');
      } catch {
        // already gone
      }
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
      case 'old-install': {
        // An older Hermes wrote the plist for its own install (a refresh the engine must converge from).
        await mkdir(path.dirname(this.oldLauncher), { recursive: true });
        if (!existsSync(this.oldLauncher)) await cp(existsSync(this.launcher) ? this.launcher : this.movedLauncher, this.oldLauncher);
        await writeFile(this.plistPath, handPlist('ai.hermes.gateway', this.home, null, this.oldLauncher), { mode: 0o644 });
        return;
      }
    }
  }

  async moveLauncher(action: 'move' | 'restore'): Promise<void> {
    const [from, to] = action === 'move' ? [this.launcher, this.movedLauncher] : [this.movedLauncher, this.launcher];
    if (!existsSync(from)) return;
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }

  async disable(): Promise<void> {
    await this.sim.launchctl(['disable', `${this.gui}/ai.hermes.gateway`]);
  }

  inject(command: InjectedCommand, exit: InjectedExit, times: number): Promise<void> {
    return this.sim.inject({ command, exit, times, stderr: `${command} failed: ${exit}: injected by the stress run` });
  }

  slowBootout(ms: number): Promise<void> {
    return this.sim.inject({ command: 'bootout', teardownMs: ms });
  }

  // --- observation ------------------------------------------------------------------------

  /** Live gateway processes of this home: `gateway run` in their argv and this HERMES_HOME. */
  liveGateways(): LiveGateway[] {
    const found: LiveGateway[] = [];
    const wanted = `HERMES_HOME=${this.home}`;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = procText(pid, 'cmdline');
      if (cmdline === null || !cmdline.includes('\0gateway\0run')) continue;
      const environ = procText(pid, 'environ');
      if (environ === null || !environ.split('\0').includes(wanted)) continue;
      const stat = procText(pid, 'stat');
      if (stat === null || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push({ pid: Number(pid), argv: cmdline.split('\0').filter(Boolean) });
    }
    return found;
  }

  /** The plist's bytes, or null when there is none. */
  async plistBytes(): Promise<Buffer | null> {
    try {
      return await readFile(this.plistPath);
    } catch {
      return null;
    }
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
