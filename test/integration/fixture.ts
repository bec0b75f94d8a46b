/** One simulated Mac per test: the launchd simulator, a stand-in Hermes install, and the CLI. */
import { readdirSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { agentJob } from '../../electron/service/hermes/definitions.js';
import type { AgentJob } from '../../electron/service/hermes/definitions.js';
import { renderPlist } from '../../electron/service/launchd/plist-file.js';
import { cli } from '../support/cli.js';
import type { CliRun } from '../support/cli.js';
import type { CliChecks } from '../support/cli-checks.js';
import { cliChecks } from '../support/cli-checks.js';
import { assertNeverTwoGateways } from '../support/invariants.js';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import type { StandinConfig } from '../support/standin.js';
import { installStandin, readStandinEvents } from '../support/standin.js';
import { sleep } from '../../electron/service/wait.js';

export const UID = process.getuid?.() ?? 501;
export const GUI = `gui/${UID}`;
export const LABEL = 'ai.hermes.gateway';

export interface Fixture extends CliChecks {
  sim: Simulator;
  launcher: string;
  plistPath: string;
  target: string;
  run(args: string[]): Promise<CliRun>;
  wanted(launcher?: string): AgentJob;
  /** Writes a plist by hand (as an older Hermes or an upgrade left it) and loads it. */
  loadByHand(job: AgentJob): Promise<number>;
  waitForPid(notPid?: number | null): Promise<number>;
  /** A test that makes two gateways on purpose checks the invariant only after this instant. */
  since?: number;
  /** The invariant every integration test ends with. */
  finish(): Promise<void>;
}

export async function fixture(config: StandinConfig = {}, simOptions: Parameters<typeof createSimulator>[0] = {}): Promise<Fixture> {
  const sim = await createSimulator({ timeScale: 0.02, ...simOptions });
  const launcher = await installStandin(sim.hermesHome, config);
  const plistPath = path.join(sim.agentsDir, `${LABEL}.plist`);
  const target = `${GUI}/${LABEL}`;
  const run = (args: string[]) => cli(args, sim.env);
  const self: Fixture = {
    sim,
    launcher,
    plistPath,
    target,
    run,
    ...cliChecks(run),
    wanted(program = launcher) {
      return agentJob(LABEL, sim.hermesHome, null, { program, prefix: [] });
    },
    async loadByHand(job) {
      await mkdir(path.join(sim.hermesHome, 'logs'), { recursive: true });
      await writeFile(plistPath, renderPlist(job), { mode: 0o644 });
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
    async finish() {
      try {
        const options = self.since === undefined ? {} : { since: self.since };
        assertNeverTwoGateways(await sim.events(), await readStandinEvents(sim.hermesHome), options);
      } finally {
        await sim.stop();
      }
    },
  };
  return self;
}

/** An older install beside the current one: a second copy of the launcher in another folder. */
export async function oldInstall(fx: Fixture): Promise<string> {
  const dir = path.join(fx.sim.home, 'old-install', 'bin');
  await mkdir(dir, { recursive: true });
  const old = path.join(dir, 'hermes');
  await cp(fx.launcher, old);
  return old;
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
