/** One simulated Mac per test: the launchd simulator, a stand-in Hermes install, and the CLI. */
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { cli } from '../support/cli.js';
import type { CliRun } from '../support/cli.js';
import type { CliChecks } from '../support/cli-checks.js';
import { cliChecks } from '../support/cli-checks.js';
import { assertNeverTwoGateways, settledLogs } from '../support/invariants.js';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import { isPidAlive } from '../sim/pid.js';
import { hermesWrites } from '../support/hermes-cli.js';
import type { HermesInstall, InstallOptions, StandinConfig } from '../support/standin.js';
import { installHermes, readStandinEvents, writeStandinConfig } from '../support/standin.js';
import { sleep } from '../../electron/service/wait.js';

export const UID = process.getuid?.() ?? 501;
export const GUI = `gui/${UID}`;
export const LABEL = 'ai.hermes.gateway';

export interface Fixture extends CliChecks {
  sim: Simulator;
  /** The stand-in Hermes install (0.21 with a store Python unless the test asks otherwise). */
  install: HermesInstall;
  launcher: string;
  plistPath: string;
  target: string;
  run(args: string[]): Promise<CliRun>;
  /** The plist the installed Hermes (or `install`) writes for the default home: Hermes's own. */
  hermesPlist(install?: HermesInstall): Promise<string>;
  /** Writes a plist by hand (as Hermes, an older install or a user left it) and loads it; launchd's pid. */
  loadByHand(text: string): Promise<number>;
  /** launchd's pid for the job (under 0.21's plist, the stderr wrapper). */
  waitForPid(notPid?: number | null): Promise<number>;
  /** The pid of the gateway that says it runs (not launchd's: the wrapper's child under 0.21). */
  waitForGateway(notPid?: number | null): Promise<number>;
  /** The pid of a gateway that has started (it may still be booting), other than `notPid`. */
  waitForGatewayStart(notPid?: number | null): Promise<number>;
  /** A test that makes two gateways on purpose checks the invariant only after this instant. */
  since?: number;
  /** The invariant every integration test ends with. */
  finish(): Promise<void>;
}

export async function fixture(config: StandinConfig = {}, simOptions: Parameters<typeof createSimulator>[0] = {}, hermes: InstallOptions = {}): Promise<Fixture> {
  const sim = await createSimulator({ timeScale: 0.02, ...simOptions });
  const install = installHermes(sim.home, hermes);
  await writeStandinConfig(sim.hermesHome, config);
  const launcher = install.launcher;
  const plistPath = path.join(sim.agentsDir, `${LABEL}.plist`);
  const target = `${GUI}/${LABEL}`;
  const run = (args: string[]) => cli(args, sim.env);
  /** The last live gateway whose stand-in logged `type`, other than `notPid`. */
  const lastGateway = async (type: 'start' | 'running', notPid: number | null): Promise<number> => {
    for (let i = 0; i < 400; i += 1) {
      const event = (await readStandinEvents(sim.hermesHome)).filter((e) => e.type === type && e.pid !== notPid).at(-1);
      if (event && isPidAlive(event.pid)) return event.pid;
      await sleep(25);
    }
    throw new Error(`no gateway logged ${type}`);
  };
  const self: Fixture = {
    sim,
    install,
    launcher,
    plistPath,
    target,
    run,
    ...cliChecks(run),
    async hermesPlist(from = install) {
      return (await hermesWrites(from, sim.hermesHome, 'plist', sim.env)).text;
    },
    async loadByHand(text) {
      await mkdir(path.join(sim.hermesHome, 'logs'), { recursive: true });
      await writeFile(plistPath, text, { mode: 0o644 });
      const loaded = await sim.launchctl(['bootstrap', GUI, plistPath]);
      expect(loaded.exit, loaded.stderr).toBe(0);
      return self.waitForPid();
    },
    async waitForPid(notPid = null) {
      for (let i = 0; i < 400; i += 1) {
        const printed = await sim.launchctl(['print', target]);
        const pid = /^\tpid = (\d+)$/m.exec(printed.stdout)?.[1];
        if (pid && Number(pid) !== notPid) return Number(pid);
        await sleep(25);
      }
      throw new Error('no pid appeared');
    },
    waitForGateway: (notPid = null) => lastGateway('running', notPid),
    waitForGatewayStart: (notPid = null) => lastGateway('start', notPid),
    async finish() {
      try {
        const options = self.since === undefined ? {} : { since: self.since };
        const logs = await settledLogs(async () => ({ simEvents: await sim.events(), standinEvents: await readStandinEvents(sim.hermesHome) }));
        assertNeverTwoGateways(logs.simEvents, logs.standinEvents, options);
      } finally {
        await sim.stop();
      }
    },
  };
  return self;
}

/** An older install beside the current one (in another folder, as a reinstall elsewhere leaves it). */
export function oldInstall(fx: Fixture): HermesInstall {
  return installHermes(fx.sim.home, { shape: fx.install.shape, root: path.join(fx.sim.home, 'old-install', 'hermes-agent'), forwarder: false });
}

export function commandsAfter(events: Awaited<ReturnType<Simulator['events']>>, index: number): string[][] {
  return events.slice(index).flatMap((e) => (e.type === 'command' ? [e.argv] : []));
}

const READ_ONLY_COMMANDS = new Set(['print', 'print-disabled', 'list']);

/** What a refused request must leave alone: launchctl commands that change state, and the files. */
export async function footprint(f: Fixture): Promise<string> {
  const changing = (await f.sim.events()).filter((e) => e.type === 'command' && !READ_ONLY_COMMANDS.has(e.argv[0] ?? '')).length;
  const files = [f.sim.agentsDir, f.sim.hermesHome, path.join(f.sim.hermesHome, 'profiles')].map((dir) => {
    try {
      return readdirSync(dir).sort().join(',');
    } catch {
      return '-';
    }
  });
  return JSON.stringify({ changing, files });
}
