import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as plist from 'plist';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNeverTwoGateways } from '../support/invariants.js';
import { createSimulator, runProgram, type Simulator } from '../support/simulator.js';
import {
  installStandin,
  readGatewayState,
  readStandinEvents,
  startUnsupervisedGateway,
  waitForGatewayState,
} from '../support/standin.js';
import { isPidAlive } from '../sim/pid.js';
import { waitFor } from '../sim/testkit.js';
import { defaultToken } from './standin-config.js';
import { tokenLockPath } from './token-lock.js';
import type { GatewayPidFile, StandinEvent } from './types.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

async function simulator(): Promise<Simulator> {
  const sim = await createSimulator();
  sims.push(sim);
  return sim;
}

const lockDir = (sim: Simulator): string => join(sim.home, '.local', 'state', 'hermes', 'gateway-locks');

async function exitOf(home: string, pid: number): Promise<StandinEvent> {
  return waitFor(`the exit of ${pid}`, async () =>
    (await readStandinEvents(home)).find((e) => e.type === 'exit' && e.pid === pid && e.signal === undefined),
  );
}

async function reaped(home: string, pid: number): Promise<StandinEvent> {
  return waitFor(`${pid} to be reaped`, async () =>
    (await readStandinEvents(home)).find((e) => e.type === 'exit' && e.pid === pid && e.signal !== undefined),
  );
}

describe('stand-in hermes: command line', () => {
  it('prints its version, and exits 2 for anything but gateway run', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome);
    expect(await runProgram(launcher, ['--version'], sim.env)).toEqual({ exit: 0, stdout: 'hermes 0.0.0-standin\n', stderr: '' });
    expect((await runProgram(launcher, ['gateway', 'start'], sim.env)).exit).toBe(2);
    expect((await runProgram(launcher, [], sim.env)).exit).toBe(2);
    expect((await runProgram(launcher, ['--profile', 'Bad Name', 'gateway', 'run'], sim.env)).exit).toBe(2);
    expect((await runProgram(launcher, ['gateway', 'run', '--replace'], sim.env)).exit).toBe(2);
  });
});

describe('stand-in hermes: gateway run', () => {
  it('writes its pid, lock and state files, drains on SIGUSR1 and exits 75, cleaning up', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 150, drainMs: 100 });
    const pid = await startUnsupervisedGateway(sim.env, launcher);
    const starting = await waitForGatewayState(sim.hermesHome, 'starting');
    expect(starting.platforms['telegram']).toEqual({ state: 'connecting', error_code: null, error_message: null });
    const running = await waitForGatewayState(sim.hermesHome, 'running');
    expect(running).toMatchObject({ exit_reason: null, active_agents: 0 });
    expect(Object.keys(running.platforms)).toEqual(['telegram', 'discord']);
    expect(running.platforms['discord']?.state).toBe('connected');
    expect(Math.abs(running.updated_at - Date.now() / 1000)).toBeLessThan(5);

    const pidFile = JSON.parse(await readFile(join(sim.hermesHome, 'gateway.pid'), 'utf8')) as GatewayPidFile;
    expect(pidFile).toMatchObject({ pid, kind: 'hermes-gateway', argv: [launcher, 'gateway', 'run'], hermes_home: sim.hermesHome });
    expect(typeof pidFile.start_time).toBe('number');
    expect(JSON.parse(await readFile(join(sim.hermesHome, 'gateway.lock'), 'utf8'))).toEqual(pidFile);
    const tokenLock = tokenLockPath(lockDir(sim), defaultToken(sim.hermesHome));
    expect(JSON.parse(await readFile(tokenLock, 'utf8'))).toMatchObject({ pid });

    process.kill(pid, 'SIGUSR1');
    await waitForGatewayState(sim.hermesHome, 'draining');
    expect((await exitOf(sim.hermesHome, pid)).code).toBe(75);
    expect((await reaped(sim.hermesHome, pid)).code).toBe(75);
    expect(await readGatewayState(sim.hermesHome)).toMatchObject({ gateway_state: 'stopped', exit_reason: 'restart' });
    expect(existsSync(join(sim.hermesHome, 'gateway.pid'))).toBe(false);
    expect(existsSync(join(sim.hermesHome, 'gateway.lock'))).toBe(false);
    expect(existsSync(tokenLock)).toBe(false);
    const types = (await readStandinEvents(sim.hermesHome)).map((e) => e.type);
    expect(types).toEqual(['start', 'running', 'draining', 'exit', 'exit']);
  });

  it('stops with exit 0 on SIGTERM, or ignores it when configured to', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 0 });
    const pid = await startUnsupervisedGateway(sim.env, launcher);
    await waitForGatewayState(sim.hermesHome, 'running');
    process.kill(pid, 'SIGTERM');
    expect((await exitOf(sim.hermesHome, pid)).code).toBe(0);
    expect(await readGatewayState(sim.hermesHome)).toMatchObject({ gateway_state: 'stopped' });

    await installStandin(sim.hermesHome, { bootMs: 0, ignoreSigterm: true });
    const stubborn = await startUnsupervisedGateway(sim.env, launcher);
    await waitFor('a second start', async () => (await readStandinEvents(sim.hermesHome)).some((e) => e.type === 'running' && e.pid === stubborn));
    process.kill(stubborn, 'SIGTERM');
    await sleep(300);
    expect(isPidAlive(stubborn)).toBe(true);
    expect((await readGatewayState(sim.hermesHome))?.gateway_state).toBe('running');
    process.kill(stubborn, 'SIGKILL');
    expect((await reaped(sim.hermesHome, stubborn)).signal).toBe('SIGKILL');
  });

  it('crashOnBoot: writes startup_failed after bootMs and exits with the code', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 50, crashOnBoot: 3 });
    const pid = await startUnsupervisedGateway(sim.env, launcher);
    expect((await exitOf(sim.hermesHome, pid)).code).toBe(3);
    expect(await readGatewayState(sim.hermesHome)).toMatchObject({ gateway_state: 'startup_failed' });
  });

  it('a second gateway with the same token exits 78 and leaves the first alone; a dead holder is taken over', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 0, token: 'shared-token' });
    const first = await startUnsupervisedGateway(sim.env, launcher);
    await waitForGatewayState(sim.hermesHome, 'running');
    const second = await runProgram(launcher, ['gateway', 'run'], sim.env);
    expect(second.exit).toBe(78);
    expect(second.stderr).toContain(`pid ${first}`);
    // another home, same token
    const otherHome = join(sim.home, 'other-hermes');
    await installStandin(otherHome, { bootMs: 0, token: 'shared-token' });
    expect((await runProgram(launcher, ['gateway', 'run'], { ...sim.env, HERMES_HOME: otherHome })).exit).toBe(78);
    expect((JSON.parse(await readFile(join(sim.hermesHome, 'gateway.pid'), 'utf8')) as GatewayPidFile).pid).toBe(first);
    expect(isPidAlive(first)).toBe(true);
    process.kill(first, 'SIGKILL');
    await reaped(sim.hermesHome, first);

    // the lock still names the dead pid: the next gateway takes it over
    expect(existsSync(tokenLockPath(lockDir(sim), 'shared-token'))).toBe(true);
    const third = await startUnsupervisedGateway(sim.env, launcher);
    await waitFor('the third to run', async () => (await readStandinEvents(sim.hermesHome)).some((e) => e.type === 'running' && e.pid === third));
    process.kill(third, 'SIGTERM');
    await exitOf(sim.hermesHome, third);
  });

  it('resolves HERMES_HOME from --profile when the variable is unset, and exits when its home disappears', async () => {
    const sim = await simulator();
    const profileHome = join(sim.hermesHome, 'profiles', 'work');
    const launcher = await installStandin(profileHome, { bootMs: 0 });
    const { HERMES_HOME: _unset, ...env } = sim.env;
    const pid = await startUnsupervisedGateway(env, launcher, ['--profile', 'work', 'gateway', 'run']);
    await waitForGatewayState(profileHome, 'running');
    expect((await readStandinEvents(profileHome))[0]).toMatchObject({ type: 'start', pid, home: profileHome });
    await rm(profileHome, { recursive: true, force: true });
    await waitFor('the gateway to exit', () => !isPidAlive(pid), 5_000);
  });
});

describe('stand-in hermes under the launchd simulator', () => {
  async function loadGateway(sim: Simulator, launcher: string, label: string): Promise<string> {
    await mkdir(join(sim.hermesHome, 'logs'), { recursive: true });
    const path = join(sim.agentsDir, `${label}.plist`);
    const dict = {
      Label: label,
      ProgramArguments: [launcher, 'gateway', 'run', '--external-supervisor'],
      WorkingDirectory: sim.hermesHome,
      EnvironmentVariables: {
        PATH: `${join(sim.hermesHome, 'bin')}:/usr/bin:/bin:/usr/sbin:/sbin`,
        HERMES_HOME: sim.hermesHome,
        HERMES_SUPERVISED_CHILD: '1',
      },
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: 30,
      ExitTimeOut: 25,
      StandardOutPath: join(sim.hermesHome, 'logs', 'gateway.log'),
      StandardErrorPath: join(sim.hermesHome, 'logs', 'gateway.error.log'),
    };
    await writeFile(path, plist.build(dict), { mode: 0o644 });
    const loaded = await sim.launchctl(['bootstrap', `gui/${sim.uid}`, path]);
    expect(loaded.exit, loaded.stderr).toBe(0);
    return path;
  }

  it('restarts through SIGUSR1 and KeepAlive without two gateways alive at once', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 50 });
    await loadGateway(sim, launcher, 'ai.hermes.gateway');
    const target = `gui/${sim.uid}/ai.hermes.gateway`;
    const first = await waitFor('running', async () => {
      const events = await readStandinEvents(sim.hermesHome);
      return events.find((e) => e.type === 'running')?.pid;
    });
    expect((await sim.launchctl(['kill', 'USR1', target])).exit).toBe(0);
    const second = await waitFor('a second gateway', async () =>
      (await readStandinEvents(sim.hermesHome)).find((e) => e.type === 'running' && e.pid !== first)?.pid,
    );
    expect(second).not.toBe(first);
    expect(await readFile(join(sim.hermesHome, 'logs', 'gateway.log'), 'utf8')).toContain('gateway_state running');
    assertNeverTwoGateways(await sim.events(), await readStandinEvents(sim.hermesHome));
  });

  it('a second label for the same home is a duplicate: the invariant catches it', async () => {
    const sim = await simulator();
    const launcher = await installStandin(sim.hermesHome, { bootMs: 0 });
    await loadGateway(sim, launcher, 'ai.hermes.gateway');
    await waitForGatewayState(sim.hermesHome, 'running');
    await loadGateway(sim, launcher, 'ai.hermes.gateway-copy');
    await waitFor('the duplicate to exit 78', async () =>
      (await sim.events()).some((e) => e.type === 'exit' && e.label === 'ai.hermes.gateway-copy' && e.code === 78),
    );
    expect(() => assertNeverTwoGateways([], [])).not.toThrow();
    const events = await sim.events();
    const standin = await readStandinEvents(sim.hermesHome);
    expect(() => assertNeverTwoGateways(events, standin)).toThrow(/Two gateways of the same HERMES_HOME/);
  });
});
