/**
 * The stand-in gateway, run by hand (no supervisor): the files it writes with their real fields,
 * its locks, and how it ends (HERMES.md "The running gateway's files", "Signals and exits";
 * real-hermes/README.md "The processes seen").
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isPidAlive } from '../sim/pid.js';
import { waitFor } from '../sim/testkit.js';
import { runProgram, type Simulator } from '../support/simulator.js';
import {
  installHermes,
  readGatewayState,
  readStandinEvents,
  startUnsupervisedGateway,
  waitForGatewayState,
  writeStandinConfig,
  type HermesInstall,
  type HermesPidRecord,
  type HermesShape,
  type StandinConfig,
} from '../support/standin.js';
import { eventOf, exitOf, flockHolders, procArgv, procStartTime, reaped, simulator, stopSimulatorsAfterEach } from './fixture.js';

stopSimulatorsAfterEach();

const sha16 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);
const tokenLock = (sim: Simulator, platform: string, token: string): string =>
  join(sim.home, '.local', 'state', 'hermes', 'gateway-locks', `${platform}-${sha16(token)}.lock`);

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

async function setUp(
  shape: HermesShape = '0.21',
  config: StandinConfig = { bootMs: 0 },
): Promise<{ sim: Simulator; install: HermesInstall; home: string }> {
  const sim = await simulator();
  const install = installHermes(sim.home, { shape });
  await writeStandinConfig(sim.hermesHome, config);
  return { sim, install, home: sim.hermesHome };
}

interface Case {
  name: string;
  shape: HermesShape;
  /** The command line that starts it. */
  command(install: HermesInstall): string[];
  /** Python's sys.argv as the gateway records it. */
  recordedArgv(install: HermesInstall): string[];
  /** The process's own argv (ps), when it differs from the command. */
  processArgv?(install: HermesInstall): string[];
}

/** The `-c` script of a 0.21 launcher (`exec <python> -I -c '<script>' "$@"`). */
function launcherScript(install: HermesInstall): string {
  const text = readFileSync(install.launcher, 'utf8');
  return text.slice(text.indexOf(" -I -c '") + 8, text.lastIndexOf(`' "$@"`)).replaceAll(`'"'"'`, "'");
}

const CASES: Case[] = [
  {
    name: '0.21 launcher',
    shape: '0.21',
    command: (i) => [i.launcher, 'gateway', 'run'],
    recordedArgv: () => ['-c', 'gateway', 'run'],
    processArgv: (i) => [i.python, '-I', '-c', launcherScript(i), 'gateway', 'run'],
  },
  {
    name: '0.21 forwarder, with --external-supervisor',
    shape: '0.21',
    command: (i) => [i.forwarder ?? '', 'gateway', 'run', '--external-supervisor'],
    recordedArgv: () => ['-c', 'gateway', 'run', '--external-supervisor'],
    processArgv: (i) => [i.python, '-I', '-c', launcherScript(i), 'gateway', 'run', '--external-supervisor'],
  },
  {
    name: '0.21 runtime command',
    shape: '0.21',
    command: (i) => i.runtimeCommand('hermes_cli.main', ['gateway', 'run']) ?? [],
    recordedArgv: (i) => [join(i.root, 'hermes_cli', 'main.py'), 'gateway', 'run'],
  },
  {
    name: '0.21-nostore console script',
    shape: '0.21-nostore',
    command: (i) => [i.launcher, 'gateway', 'run'],
    recordedArgv: (i) => [i.launcher, 'gateway', 'run'],
    processArgv: (i) => [i.python, i.launcher, 'gateway', 'run'],
  },
  {
    name: '0.18 console script',
    shape: '0.18',
    command: (i) => [i.launcher, 'gateway', 'run'],
    recordedArgv: (i) => [i.launcher, 'gateway', 'run'],
    processArgv: (i) => [`${i.python}3`, i.launcher, 'gateway', 'run'],
  },
  {
    name: '0.18 python -m hermes_cli.main --replace',
    shape: '0.18',
    command: (i) => [i.python, '-m', 'hermes_cli.main', 'gateway', 'run', '--replace'],
    recordedArgv: (i) => [join(i.root, 'hermes_cli', 'main.py'), 'gateway', 'run', '--replace'],
  },
];

describe('stand-in gateway: its files, per shape', () => {
  for (const c of CASES) {
    it(`${c.name}: pid record, lock, state; SIGUSR1 drains and exits 75 with the real fields`, async () => {
      const { sim, install, home } = await setUp(c.shape, { bootMs: 150, drainMs: 100, token: 'tok' });
      const command = c.command(install);
      const pid = await startUnsupervisedGateway(sim.env, command);
      const starting = await waitForGatewayState(home, 'starting');
      expect(starting.platforms).toEqual({
        telegram: { state: 'connecting', error_code: null, error_message: null },
        discord: { state: 'connecting', error_code: null, error_message: null },
      });
      const running = await waitForGatewayState(home, 'running');
      const modern = c.shape !== '0.18';

      // gateway.pid: the pid record, Python's sys.argv, the start time in clock ticks since boot
      const record: HermesPidRecord = {
        pid,
        kind: 'hermes-gateway',
        argv: c.recordedArgv(install),
        start_time: procStartTime(pid),
        ...(modern ? { hermes_home: home } : {}),
      };
      expect(readJson(join(home, 'gateway.pid'))).toEqual(record);
      expect(Object.keys(readJson(join(home, 'gateway.pid')))).toEqual(Object.keys(record));
      expect(readJson(join(home, 'gateway.lock'))).toEqual(record);
      expect(flockHolders(join(home, 'gateway.lock'))).toEqual([pid]);
      expect(procArgv(pid)).toEqual(c.processArgv?.(install) ?? command);

      // gateway_state.json: the record plus the state fields, in Hermes's order
      expect(running).toEqual({
        ...record,
        gateway_state: 'running',
        exit_reason: null,
        restart_requested: false,
        active_agents: 0,
        platforms: {
          telegram: { state: 'connected', error_code: null, error_message: null },
          discord: { state: 'connected', error_code: null, error_message: null },
        },
        ...(modern ? { session_store: { status: 'ok' } } : {}),
        updated_at: running.updated_at,
      });
      // The order Hermes builds the record in (real-hermes README: 0.18's file, idle, no platform).
      expect(Object.keys(running)).toEqual([
        ...Object.keys(record),
        'gateway_state',
        'exit_reason',
        'restart_requested',
        'active_agents',
        'platforms',
        ...(modern ? ['session_store'] : []),
        'updated_at',
      ]);
      expect(running.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
      expect(Math.abs(Date.parse(running.updated_at) - Date.now())).toBeLessThan(10_000);
      const raw = readFileSync(join(home, 'gateway_state.json'), 'utf8');
      expect(raw.startsWith(modern ? `{"pid":${pid},` : `{"pid": ${pid}, `)).toBe(true); // 0.21 writes compact JSON
      expect(readJson(tokenLock(sim, 'telegram', 'tok'))).toMatchObject({ ...record, scope: 'telegram' });

      process.kill(pid, 'SIGUSR1');
      expect(await waitForGatewayState(home, 'draining')).toMatchObject({ restart_requested: true });
      expect((await exitOf(home, pid)).code).toBe(75);
      expect((await reaped(home, pid)).code).toBe(75);
      expect(await readGatewayState(home)).toMatchObject({
        pid,
        gateway_state: 'stopped',
        exit_reason: 'Gateway restart requested',
        restart_requested: true,
      });
      expect(existsSync(join(home, 'gateway.pid'))).toBe(false);
      expect(existsSync(join(home, 'gateway.lock'))).toBe(true); // Hermes leaves it, unlocked
      expect(flockHolders(join(home, 'gateway.lock'))).toEqual([]);
      expect(existsSync(tokenLock(sim, 'telegram', 'tok'))).toBe(false);
      expect(existsSync(tokenLock(sim, 'discord', 'tok'))).toBe(false);
      const events = await readStandinEvents(home);
      expect(events.map((e) => e.type)).toEqual(['start', 'running', 'draining', 'exit', 'exit']);
      expect(events[0]).toMatchObject({ pid, ppid: process.pid, home });
    });
  }
});

describe('stand-in gateway: state and liveness', () => {
  it('updated_at is no heartbeat: an idle gateway leaves gateway_state.json alone', async () => {
    const { sim, install, home } = await setUp();
    await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    const running = await waitForGatewayState(home, 'running');
    const before = statSync(join(home, 'gateway_state.json')).mtimeMs;
    await sleep(1_200);
    expect(await readGatewayState(home)).toEqual(running);
    expect(statSync(join(home, 'gateway_state.json')).mtimeMs).toBe(before);
  });

  it('crashOnBoot: startup_failed after bootMs, exit with the code', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 50, crashOnBoot: 3 });
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    expect((await exitOf(home, pid)).code).toBe(3);
    expect(await readGatewayState(home)).toMatchObject({ gateway_state: 'startup_failed', pid });
    expect(existsSync(join(home, 'gateway.pid'))).toBe(false);
  });

  it('no platform configured: it runs and stays up; a platform can be configured failing', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 0, platforms: [] });
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    expect((await waitForGatewayState(home, 'running')).platforms).toEqual({});
    await sleep(600);
    expect(isPidAlive(pid)).toBe(true);

    const other = join(sim.home, 'other');
    await writeStandinConfig(other, {
      bootMs: 0,
      platforms: ['discord', { name: 'telegram', state: 'fatal', error_code: '401', error_message: 'bot token rejected' }],
    });
    await startUnsupervisedGateway({ ...sim.env, HERMES_HOME: other }, [install.launcher, 'gateway', 'run']);
    expect((await waitForGatewayState(other, 'running')).platforms).toEqual({
      discord: { state: 'connected', error_code: null, error_message: null },
      telegram: { state: 'fatal', error_code: '401', error_message: 'bot token rejected' },
    });
  });

  it('its HERMES_HOME removed: it exits 1', async () => {
    const { sim, install, home } = await setUp();
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    await rm(home, { recursive: true, force: true });
    await waitFor('the gateway to exit', () => !isPidAlive(pid), 5_000);
  });

  it('--profile: the profile home, over HERMES_HOME and without it', async () => {
    const { sim, install } = await setUp();
    const profile = join(sim.hermesHome, 'profiles', 'work');
    await writeStandinConfig(profile, { bootMs: 0 });
    const { HERMES_HOME: _unset, ...bare } = sim.env;
    for (const env of [bare, sim.env]) {
      const pid = await startUnsupervisedGateway(env, [install.launcher, '--profile', 'work', 'gateway', 'run']);
      expect(await eventOf(profile, 'running', pid)).toMatchObject({ home: profile });
      // the flag leaves sys.argv before the gateway records it, as Hermes strips it
      expect(readJson<HermesPidRecord>(join(profile, 'gateway.pid'))).toMatchObject({ argv: ['-c', 'gateway', 'run'], hermes_home: profile });
      process.kill(pid, 'SIGKILL');
      await reaped(profile, pid);
    }
    expect(existsSync(join(sim.hermesHome, 'gateway.pid'))).toBe(false);
  });
});

describe('stand-in gateway: stopping', () => {
  async function runningGateway(shape: HermesShape = '0.21'): Promise<{ sim: Simulator; home: string; pid: number }> {
    const { sim, install, home } = await setUp(shape);
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    return { sim, home, pid };
  }

  async function writeMarker(home: string, marker: Record<string, unknown>): Promise<void> {
    await writeFile(join(home, '.gateway-planned-stop.json'), JSON.stringify(marker));
  }

  it('SIGTERM without a planned-stop marker: exit 1 half a second later, the state still running', async () => {
    const { home, pid } = await runningGateway();
    const sent = Date.now();
    process.kill(pid, 'SIGTERM');
    expect((await exitOf(home, pid)).code).toBe(1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(450);
    expect(await readGatewayState(home)).toMatchObject({ gateway_state: 'running', pid });
    expect(existsSync(join(home, 'gateway.pid'))).toBe(false);
  });

  for (const shape of ['0.21', '0.18'] as const) {
    it(`${shape}: SIGTERM with a fresh marker naming it: exit 0, state stopped, the marker consumed`, async () => {
      const { home, pid } = await runningGateway(shape);
      await writeMarker(home, { target_pid: pid, target_start_time: procStartTime(pid), stopper_pid: process.pid, written_at: new Date().toISOString() });
      process.kill(pid, 'SIGTERM');
      expect((await exitOf(home, pid)).code).toBe(0);
      expect(await readGatewayState(home)).toMatchObject({ gateway_state: 'stopped', exit_reason: 'Gateway stopped', restart_requested: false });
      expect(existsSync(join(home, '.gateway-planned-stop.json'))).toBe(false);
      expect(existsSync(join(home, 'gateway.pid'))).toBe(false);
    });
  }

  it('a marker with no start time names the pid alone; SIGINT is a stop too', async () => {
    const { home, pid } = await runningGateway();
    await writeMarker(home, { target_pid: pid, stopper_pid: process.pid, written_at: new Date().toISOString() });
    process.kill(pid, 'SIGINT');
    expect((await exitOf(home, pid)).code).toBe(0);
  });

  it('a marker that is stale, names another process, or cannot be dated does not count: exit 1', async () => {
    const now = (): string => new Date().toISOString();
    const markers: Array<[string, (pid: number) => Record<string, unknown>]> = [
      ['70 s old', (pid) => ({ target_pid: pid, target_start_time: procStartTime(pid), written_at: new Date(Date.now() - 70_000).toISOString() })],
      ['another pid', (pid) => ({ target_pid: pid + 1, target_start_time: procStartTime(pid), written_at: now() })],
      ['another start time', (pid) => ({ target_pid: pid, target_start_time: procStartTime(pid) + 1, written_at: now() })],
      // Hermes compares the JSON values: a string is not the gateway's integer start time.
      ['the start time as a string', (pid) => ({ target_pid: pid, target_start_time: String(procStartTime(pid)), written_at: now() })],
      ['a time without an offset', (pid) => ({ target_pid: pid, target_start_time: procStartTime(pid), written_at: now().replace('Z', '') })],
    ];
    await Promise.all(
      markers.map(async ([what, marker]) => {
        const { home, pid } = await runningGateway();
        await writeMarker(home, marker(pid));
        process.kill(pid, 'SIGTERM');
        expect((await exitOf(home, pid)).code, what).toBe(1);
        expect((await readGatewayState(home))?.gateway_state, what).toBe('running');
      }),
    );
  });

  it('ignoreSigterm: SIGTERM is logged and ignored; SIGHUP is always ignored', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 0, ignoreSigterm: true });
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    process.kill(pid, 'SIGTERM');
    process.kill(pid, 'SIGHUP');
    await sleep(700);
    expect(isPidAlive(pid)).toBe(true);
    expect((await readGatewayState(home))?.gateway_state).toBe('running');
    const log = readFileSync(join(home, 'logs', 'gateway.unsupervised.log'), 'utf8');
    expect(log).toContain('SIGTERM received and ignored');
    expect(log).toContain('SIGHUP ignored');
    process.kill(pid, 'SIGKILL');
    expect((await reaped(home, pid)).signal).toBe('SIGKILL');
  });
});

describe('stand-in gateway: every death logged', () => {
  it('a gateway killed after its parent died (nobody left to reap it) has its exit logged by its exit watcher', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 0 });
    const wrapper = await startUnsupervisedGateway(sim.env, [
      install.launcher, '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', join(home, 'logs', 'gateway.error.log'), '--', install.launcher, 'gateway', 'run',
    ]);
    const gateway = (await eventOf(home, 'start')).pid;
    await waitForGatewayState(home, 'running');
    process.kill(wrapper, 'SIGKILL');
    await waitFor('the wrapper to go', () => !isPidAlive(wrapper));
    expect(isPidAlive(gateway)).toBe(true);
    const killedAt = (await readStandinEvents(home)).at(-1)?.t ?? 0;
    process.kill(gateway, 'SIGKILL');
    const logged = await waitFor('the watcher to log the exit', async () =>
      (await readStandinEvents(home)).find((e) => e.type === 'exit' && e.pid === gateway),
    );
    expect(logged).toMatchObject({ signal: 'SIGKILL', by: 'watcher' });
    expect(logged.t).toBeGreaterThanOrEqual(killedAt);
  });

  it('ignoreSigusr1: a wedged gateway does not drain', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 0, ignoreSigusr1: true });
    const pid = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    process.kill(pid, 'SIGUSR1');
    await sleep(500);
    expect(isPidAlive(pid)).toBe(true);
    expect((await readGatewayState(home))?.gateway_state).toBe('running');
    process.kill(pid, 'SIGKILL');
  });
});

describe('stand-in gateway: one gateway per home, one per bot token', () => {
  it('a second gateway of the home exits 1 while the first holds gateway.lock', async () => {
    const { sim, install, home } = await setUp();
    const first = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    const second = await runProgram(install.launcher, ['gateway', 'run'], sim.env);
    expect(second).toMatchObject({ exit: 1, stderr: `Gateway already running (PID ${first})\n` });
    expect(readJson<HermesPidRecord>(join(home, 'gateway.pid')).pid).toBe(first);
    expect(isPidAlive(first)).toBe(true);
  });

  it('a second gateway with the same token exits 78 and leaves the first alone; a dead owner is taken over', async () => {
    const { sim, install, home } = await setUp('0.21', { bootMs: 0, token: 'shared-token' });
    const first = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    const otherHome = join(sim.home, 'other-hermes');
    await writeStandinConfig(otherHome, { bootMs: 0, token: 'shared-token' });
    const second = await runProgram(install.launcher, ['gateway', 'run'], { ...sim.env, HERMES_HOME: otherHome });
    expect(second.exit).toBe(78);
    expect(second.stderr).toContain(`(PID ${first}, `);
    expect(existsSync(join(otherHome, 'gateway_state.json'))).toBe(false); // no state written
    expect(existsSync(join(otherHome, 'gateway.pid'))).toBe(false);
    expect(isPidAlive(first)).toBe(true);

    process.kill(first, 'SIGKILL');
    await reaped(home, first);
    expect(readJson<HermesPidRecord>(tokenLock(sim, 'telegram', 'shared-token')).pid).toBe(first); // left by the dead
    const third = await startUnsupervisedGateway({ ...sim.env, HERMES_HOME: otherHome }, [install.launcher, 'gateway', 'run']);
    await eventOf(otherHome, 'running', third);
    expect(readJson<HermesPidRecord>(tokenLock(sim, 'telegram', 'shared-token')).pid).toBe(third);
  });

  it('--replace: the running gateway of the home is told by a takeover marker, stops with 0, and the new one runs', async () => {
    const { sim, install, home } = await setUp('0.18');
    const first = await startUnsupervisedGateway(sim.env, [install.launcher, 'gateway', 'run']);
    await waitForGatewayState(home, 'running');
    const second = await startUnsupervisedGateway(sim.env, [install.python, '-m', 'hermes_cli.main', 'gateway', 'run', '--replace']);
    expect((await exitOf(home, first)).code).toBe(0);
    await eventOf(home, 'running', second);
    expect(await readGatewayState(home)).toMatchObject({ pid: second, gateway_state: 'running' });
    expect(existsSync(join(home, '.gateway-takeover.json'))).toBe(false);
  });
});
