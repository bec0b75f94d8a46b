/**
 * The stderr wrapper of Hermes 0.21's plist (hermes_cli.stderr_timestamp): a parent process that
 * forwards only TERM, INT and HUP to the gateway, dies of any other signal, turns the gateway's 78
 * into 0 and passes the rest on; by hand, and as launchd's job under the simulator with a plist
 * written as real Hermes writes it (../shared/real-hermes/0.21/a-default.ai.hermes.gateway.plist).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isPidAlive } from '../sim/pid.js';
import { waitFor } from '../sim/testkit.js';
import type { SpawnEvent } from '../sim/types.js';
import type { Simulator } from '../support/simulator.js';
import {
  installHermes,
  readGatewayState,
  readStandinEvents,
  startUnsupervisedGateway,
  waitForGatewayState,
  writeStandinConfig,
  type HermesInstall,
  type HermesPidRecord,
  type StandinConfig,
} from '../support/standin.js';
import { eventOf, exitOf, procArgv, procParent, procStartTime, reaped, simulator, stopSimulatorsAfterEach } from './fixture.js';

stopSimulatorsAfterEach();

interface Wrapped {
  sim: Simulator;
  install: HermesInstall;
  home: string;
  errorLog: string;
  wrapper: number;
  gateway: number;
}

function wrapperCommand(install: HermesInstall, errorLog: string, gatewayArgs: string[]): string[] {
  return [install.launcher, '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', errorLog, '--', install.launcher, ...gatewayArgs];
}

/** A wrapped gateway started by hand; resolves once the gateway (the wrapper's child) has started. */
async function startWrapped(config: StandinConfig = { bootMs: 0 }, env: Record<string, string> = {}): Promise<Wrapped> {
  const sim = await simulator();
  const install = installHermes(sim.home);
  const home = sim.hermesHome;
  await writeStandinConfig(home, config);
  const errorLog = join(home, 'logs', 'gateway.error.log');
  const wrapper = await startUnsupervisedGateway({ ...sim.env, ...env }, wrapperCommand(install, errorLog, ['gateway', 'run']));
  const start = await waitFor('the gateway to start', async () =>
    (await readStandinEvents(home)).find((e) => e.type === 'start' && e.ppid === wrapper),
  );
  return { sim, install, home, errorLog, wrapper, gateway: start.pid };
}

/** The stand-in's exit watchers of `gateway` (test/standin-hermes/gateway/standin.py): processes of their own that real Hermes does not have. */
function exitWatchers(gateway: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const argv = procArgv(Number(entry));
      return argv.some((arg) => arg.includes('os.read(fd, 1)')) && argv.includes(String(gateway)) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

describe('stderr wrapper, by hand', () => {
  it("exits with its gateway: the stand-in's exit watcher holds none of the gateway's standard streams (the pipe the wrapper reads to its end)", async () => {
    const w = await startWrapped();
    const [watcher] = await waitFor('the exit watcher', async () => {
      const found = exitWatchers(w.gateway);
      return found.length > 0 ? found : undefined;
    });
    for (const fd of [0, 1, 2]) expect(readlinkSync(`/proc/${watcher}/fd/${fd}`), `fd ${fd}`).toBe('/dev/null');
  });

  it('is the parent of the gateway; it forwards SIGTERM, and passes the gateway\'s exit 1 on', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    expect(procParent(w.gateway)).toBe(w.wrapper);
    expect(procArgv(w.wrapper).slice(4)).toEqual(wrapperCommand(w.install, w.errorLog, ['gateway', 'run']).slice(1));
    // The wrapper writes no gateway file: gateway.pid names its child.
    expect(JSON.parse(readFileSync(join(w.home, 'gateway.pid'), 'utf8'))).toMatchObject({ pid: w.gateway, argv: ['-c', 'gateway', 'run'] });
    expect((await readStandinEvents(w.home)).filter((e) => e.type === 'start').map((e) => e.pid)).toEqual([w.gateway]);

    process.kill(w.wrapper, 'SIGTERM');
    expect((await exitOf(w.home, w.gateway)).code).toBe(1); // no planned-stop marker
    expect((await reaped(w.home, w.wrapper)).code).toBe(1);
  });

  it('with the planned-stop marker the forwarded SIGTERM stops the gateway cleanly: both exit 0', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    await writeFile(
      join(w.home, '.gateway-planned-stop.json'),
      JSON.stringify({ target_pid: w.gateway, target_start_time: procStartTime(w.gateway), stopper_pid: process.pid, written_at: new Date().toISOString() }),
    );
    process.kill(w.wrapper, 'SIGTERM');
    expect((await exitOf(w.home, w.gateway)).code).toBe(0);
    expect((await reaped(w.home, w.wrapper)).code).toBe(0);
    expect(await readGatewayState(w.home)).toMatchObject({ gateway_state: 'stopped' });
  });

  it('forwards SIGHUP (ignored by the gateway) and SIGINT', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    process.kill(w.wrapper, 'SIGHUP');
    await waitFor('the gateway to log SIGHUP', () =>
      readFileSync(join(w.home, 'logs', 'gateway.unsupervised.log'), 'utf8').includes('SIGHUP ignored'),
    );
    expect(isPidAlive(w.wrapper) && isPidAlive(w.gateway)).toBe(true);
    process.kill(w.wrapper, 'SIGINT');
    expect((await exitOf(w.home, w.gateway)).code).toBe(1);
    expect((await reaped(w.home, w.wrapper)).code).toBe(1);
  });

  it('dies of SIGUSR1 itself; the gateway lives on, never told', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    process.kill(w.wrapper, 'SIGUSR1');
    expect((await reaped(w.home, w.wrapper)).signal).toBe('SIGUSR1');
    await sleep(300);
    expect(isPidAlive(w.gateway)).toBe(true);
    expect((await readGatewayState(w.home))?.gateway_state).toBe('running');
    expect((await readStandinEvents(w.home)).some((e) => e.type === 'draining')).toBe(false);
  });

  it('passes 75 on (SIGUSR1 to the gateway drains it)', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    process.kill(w.gateway, 'SIGUSR1');
    expect((await exitOf(w.home, w.gateway)).code).toBe(75);
    expect((await reaped(w.home, w.wrapper)).code).toBe(75);
  });

  it('turns 78 into 0, and copies the gateway\'s stderr into the error log with timestamps', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    await writeStandinConfig(sim.hermesHome, { bootMs: 0, token: 'shared' });
    const owner = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(sim.hermesHome, 'running');
    const other = join(sim.home, 'other');
    await writeStandinConfig(other, { bootMs: 0, token: 'shared' });
    const errorLog = join(other, 'logs', 'gateway.error.log');
    const wrapper = await startUnsupervisedGateway({ ...sim.env, HERMES_HOME: other }, wrapperCommand(install, errorLog, ['gateway', 'run']));
    const gateway = (await eventOf(other, 'start')).pid;
    expect((await exitOf(other, gateway)).code).toBe(78);
    expect((await reaped(other, wrapper)).code).toBe(0);
    const lines = readFileSync(errorLog, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} Gateway: the telegram bot token is already in use by another gateway \\(PID ${owner}, `),
    );
  });

  it('as the reaper of a gateway killed by a signal, logs its exit, and exits 128+N', async () => {
    const w = await startWrapped();
    await waitForGatewayState(w.home, 'running');
    process.kill(w.gateway, 'SIGKILL');
    expect(await reaped(w.home, w.gateway)).toMatchObject({ code: null, signal: 'SIGKILL', home: w.home });
    expect((await reaped(w.home, w.wrapper)).code).toBe(137);
  });

  it('under launchd (XPC_SERVICE_NAME), adds --external-supervisor to a gateway command lacking it', async () => {
    const w = await startWrapped({ bootMs: 0 }, { XPC_SERVICE_NAME: 'ai.hermes.gateway' });
    await waitForGatewayState(w.home, 'running');
    const record = JSON.parse(readFileSync(join(w.home, 'gateway.pid'), 'utf8')) as HermesPidRecord;
    expect(record.argv).toEqual(['-c', 'gateway', 'run', '--external-supervisor']);
  });
});

describe('stderr wrapper, as launchd runs it (the simulator, real Hermes 0.21 plist)', () => {
  /** real-hermes/0.21/a-default.ai.hermes.gateway.plist, its /Users/u install and home made this test's. */
  async function loadRealPlist(sim: Simulator, install: HermesInstall): Promise<string> {
    const text = readFileSync(join('..', 'shared', 'real-hermes', '0.21', 'a-default.ai.hermes.gateway.plist'), 'utf8')
      .replaceAll('/Users/u/.hermes/hermes-agent', install.root)
      .replaceAll('/Users/u', sim.home);
    const path = join(sim.agentsDir, 'ai.hermes.gateway.plist');
    await writeFile(path, text, { mode: 0o644 });
    await mkdir(join(sim.hermesHome, 'logs'), { recursive: true });
    const loaded = await sim.launchctl(['bootstrap', `gui/${sim.uid}`, path]);
    expect(loaded.exit, loaded.stderr).toBe(0);
    return path;
  }

  async function spawns(sim: Simulator): Promise<SpawnEvent[]> {
    return (await sim.events()).filter((e): e is SpawnEvent => e.type === 'spawn' && e.label === 'ai.hermes.gateway');
  }

  it("launchd's pid is the wrapper, gateway.pid names its child; SIGUSR1 to the gateway drains it and KeepAlive brings a new one", async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    await writeStandinConfig(sim.hermesHome, { bootMs: 50 });
    await loadRealPlist(sim, install);
    const [spawn] = await waitFor('launchd to spawn the job', async () => ((await spawns(sim)).length > 0 ? spawns(sim) : undefined));
    const wrapper = spawn?.pid ?? 0;
    const running = await waitFor('the gateway to run', async () =>
      (await readStandinEvents(sim.hermesHome)).find((e) => e.type === 'running'),
    );
    const gateway = running.pid;
    expect((await eventOf(sim.hermesHome, 'start', gateway)).ppid).toBe(wrapper);
    expect(procArgv(wrapper).slice(0, 3)).toEqual([install.python, '-I', '-c']);
    expect(procArgv(wrapper).slice(4, 7)).toEqual(['--run-module', 'hermes_cli.stderr_timestamp', '--error-log']);
    expect(procArgv(gateway).slice(4)).toEqual(['gateway', 'run', '--external-supervisor']);
    const record = JSON.parse(readFileSync(join(sim.hermesHome, 'gateway.pid'), 'utf8')) as HermesPidRecord;
    expect(record).toEqual({
      pid: gateway,
      kind: 'hermes-gateway',
      argv: ['-c', 'gateway', 'run', '--external-supervisor'],
      start_time: procStartTime(gateway),
      hermes_home: sim.hermesHome,
    });

    process.kill(gateway, 'SIGUSR1');
    expect((await exitOf(sim.hermesHome, gateway)).code).toBe(75);
    await waitFor('launchd to see the wrapper exit 75', async () =>
      (await sim.events()).some((e) => e.type === 'exit' && e.pid === wrapper && e.code === 75),
    );
    const next = await waitFor('KeepAlive to run a new gateway', async () =>
      (await readStandinEvents(sim.hermesHome)).find((e) => e.type === 'running' && e.pid !== gateway),
    );
    expect((await eventOf(sim.hermesHome, 'start', next.pid)).ppid).not.toBe(wrapper);
  });

  it('launchctl kill USR1 (to the wrapper) kills it; launchd then SIGTERMs the group: the gateway exits 1, undrained', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    await writeStandinConfig(sim.hermesHome, { bootMs: 0 });
    await loadRealPlist(sim, install);
    const gateway = (await waitFor('the gateway to run', async () =>
      (await readStandinEvents(sim.hermesHome)).find((e) => e.type === 'running'),
    )).pid;
    expect((await sim.launchctl(['kill', 'USR1', `gui/${sim.uid}/ai.hermes.gateway`])).exit).toBe(0);
    expect((await exitOf(sim.hermesHome, gateway)).code).toBe(1);
    const events = await readStandinEvents(sim.hermesHome);
    expect(events.some((e) => e.type === 'draining')).toBe(false);
    expect(await readGatewayState(sim.hermesHome)).toMatchObject({ pid: gateway, gateway_state: 'running' });
  });
});
