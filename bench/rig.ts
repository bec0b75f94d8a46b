/**
 * One simulated Mac for a bench section: the launchd simulator, a stand-in Hermes 0.21 install
 * (real-shaped: its store Python, its launcher, the stderr wrapper around each launchd gateway) and
 * the real engine in this process, with production deadlines (time scale 1). The simulator's own
 * delays (ThrottleInterval, ExitTimeOut, the teardown window) are scaled by `simScale`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createEngine } from '../electron/service/engine.js';
import type { Engine } from '../electron/service/engine.js';
import { profileHome } from '../electron/service/hermes/homes.js';
import type { LaunchctlCall } from '../electron/service/launchd/launchctl.js';
import { hermesWrites } from '../test/support/hermes-cli.js';
import { readSettings } from '../electron/service/settings.js';
import type { SimConfig, SimEvent, Simulator } from '../test/support/simulator.js';
import { createSimulator } from '../test/support/simulator.js';
import type { HermesInstall, StandinConfig, StandinEvent } from '../test/support/standin.js';
import { installHermes, readStandinEvents, writeStandinConfig } from '../test/support/standin.js';
import { monotonicMicros } from '../test/sim/clock.js';
import { stoppedOnInterrupt } from './interrupt.js';
import type { Interval } from './intervals.js';

export interface Rig {
  sim: Simulator;
  /** The stand-in Hermes 0.21 install (its launcher `<root>/.hermes/bin/hermes`, the forwarder `~/.local/bin/hermes`). */
  install: HermesInstall;
  /** The environment the engine runs with (also for child processes running an engine). */
  env: Record<string, string>;
  engine: Engine;
  /** Every launchctl call the rig's engines made, as µs of CLOCK_MONOTONIC. */
  launchctlCalls: Interval[];
  /** The simulator's launchd domain for this user. */
  domain: string;
  /** The stand-in's own events for the default home. */
  gatewayEvents(): Promise<StandinEvent[]>;
  /** Writes Hermes's own plists of the profiles `names` (under ~/.hermes/profiles) and bootstraps them in one launchctl call. */
  loadProfiles(names: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface RigOptions {
  /** The simulator's time scale (its launchd-side delays). */
  simScale: number;
  /** Teardown window after a bootout, before scaling (the simulator's default is 4000 ms). */
  teardownMs?: number;
  standin: StandinConfig;
}

/** How many launchctl commands the simulator answered between two instants (µs of CLOCK_MONOTONIC). */
export function commandsBetween(events: SimEvent[], from: number, to: number): number {
  return events.filter((e) => e.type === 'command' && e.t >= from && e.t <= to).length;
}

/** The environment of an engine with production deadlines against `sim`. */
function engineEnv(sim: Simulator): Record<string, string> {
  return { ...sim.env, HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: '1' };
}

async function createRig(options: RigOptions): Promise<Rig> {
  const simConfig: SimConfig = { timeScale: options.simScale, ...(options.teardownMs === undefined ? {} : { teardownMs: options.teardownMs }) };
  const sim = await createSimulator(simConfig);
  try {
    const install = installHermes(sim.home, { shape: '0.21' });
    await writeStandinConfig(sim.hermesHome, options.standin);
    const env = engineEnv(sim);
    const launchctlCalls: Interval[] = [];
    const onLaunchctl = (call: LaunchctlCall): void => {
      const end = monotonicMicros();
      launchctlCalls.push([end - call.durationMs * 1000, end]);
    };
    const domain = `gui/${sim.uid}`;
    return {
      sim,
      install,
      env,
      engine: createEngine(readSettings(env), { onLaunchctl }),
      launchctlCalls,
      domain,
      gatewayEvents: () => readStandinEvents(sim.hermesHome),
      async loadProfiles(names) {
        if (names.length === 0) return;
        const plists: string[] = [];
        for (const name of names) {
          const home = profileHome(sim.home, name);
          await mkdir(path.join(home, 'logs'), { recursive: true });
          const wanted = await hermesWrites(install, home, 'plist', sim.env);
          const plist = path.join(sim.agentsDir, `${wanted.serviceName}.plist`);
          await writeFile(plist, wanted.text, { mode: 0o644 });
          plists.push(plist);
        }
        const loaded = await sim.launchctl(['bootstrap', domain, ...plists]);
        if (loaded.exit !== 0) throw new Error(`bootstrap of ${names.length} profiles failed: ${loaded.stderr}`);
      },
      stop: () => sim.stop(),
    };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

/** Runs `body` with a rig and always stops the rig after (also when the bench is interrupted). */
export async function withRig<T>(options: RigOptions, body: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await createRig(options);
  try {
    return await stoppedOnInterrupt(rig.stop, () => body(rig));
  } finally {
    await rig.stop();
  }
}
