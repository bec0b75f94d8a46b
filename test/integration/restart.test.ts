import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPath } from '../../electron/service/engine.js';
import { isAlive } from '../../electron/service/processes.js';
import { spawnCli } from '../support/cli.js';
import { readStandinEvents, removeInstall } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, LABEL, oldInstall } from './fixture.js';
import { sleep } from '../../electron/service/wait.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

describe('hermes-bar restart', () => {
  it("drains the gateway itself with SIGUSR1 (never launchd's pid, the stderr wrapper) and reports the new gateway", async () => {
    fx = await fixture();
    const oldPid = (await fx.ok('start')).status.pid as number;
    const oldLaunchd = await fx.waitForPid();
    expect(oldLaunchd).not.toBe(oldPid);
    const before = (await fx.sim.events()).length;
    const result = await fx.ok('restart');
    const newPid = result.status.pid as number;
    expect(newPid).not.toBe(oldPid);
    expect(isAlive(newPid)).toBe(true);
    expect(result.status.state).toBe('running');
    expect(result.message).toBe(`The gateway restarted (pid ${oldPid} → ${newPid})`);
    const events = (await fx.sim.events()).slice(before);
    // The wrapper lived until its gateway drained, and passed its 75 on; launchd was never asked to signal.
    expect(events.some((e) => e.type === 'exit' && e.pid === oldLaunchd && e.code === 75)).toBe(true);
    expect(events.filter((e) => e.type === 'command' && (e.argv[0] === 'kickstart' || e.argv[0] === 'kill'))).toEqual([]);
    const standin = await readStandinEvents(fx.sim.hermesHome);
    expect(standin.some((e) => e.type === 'draining' && e.pid === oldPid)).toBe(true);
    expect(standin.find((e) => e.type === 'exit' && e.pid === oldPid && e.signal === undefined)?.code).toBe(75);
  });

  it('(b) after an upgrade removed the install the plist names: one reload, no kickstart -k or legacy start after the bootstrap', async () => {
    fx = await fixture();
    const old = oldInstall(fx);
    await fx.loadByHand(await fx.hermesPlist(old));
    const oldPid = await fx.waitForGateway();
    removeInstall(old.root);
    const before = (await fx.sim.events()).length;
    const result = await fx.ok('restart');
    expect(result.status.pid).not.toBe(oldPid);
    const events = (await fx.sim.events()).slice(before);
    const commands = events.flatMap((e) => (e.type === 'command' ? [e.argv] : []));
    const bootstrapAt = commands.findIndex((argv) => argv[0] === 'bootstrap');
    expect(bootstrapAt).toBeGreaterThan(-1);
    expect(commands.filter((argv) => argv[0] === 'kickstart' || argv[0] === 'start' || argv[0] === 'kill')).toEqual([]);
    expect(events.filter((e) => e.type === 'spawn')).toHaveLength(1);
    expect((await fx.status()).problems).toEqual([]);
  });

  it('a gateway that does not drain is stopped as a planned stop, and launchd starts the next only after it exited (never kickstart -k)', async () => {
    fx = await fixture({ ignoreSigusr1: true });
    const oldPid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('restart');
    expect(result.status.pid).not.toBe(oldPid);
    expect(result.actions).toContain(`No new gateway after SIGUSR1: stopped the gateway (planned stop): ${oldPid}`);
    const events = await fx.sim.events();
    expect(events.some((e) => e.type === 'command' && e.argv.includes('-k'))).toBe(false);
    // The marker made the stop a planned one: the old gateway exited 0, not 1.
    const exit = (await readStandinEvents(fx.sim.hermesHome)).find((e) => e.type === 'exit' && e.pid === oldPid && e.signal === undefined);
    expect(exit?.code).toBe(0);
  });

  it('a gateway that neither drains nor stops on SIGTERM is killed before launchd starts the next', async () => {
    // launchd's `kickstart -k` would SIGKILL only the stderr wrapper after ExitTimeOut and spawn a
    // second gateway beside this one.
    fx = await fixture({ ignoreSigusr1: true, ignoreSigterm: true });
    const oldPid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('restart');
    const newPid = result.status.pid as number;
    expect(newPid).not.toBe(oldPid);
    expect(isAlive(oldPid)).toBe(false);
    const standin = await readStandinEvents(fx.sim.hermesHome);
    const killedAt = standin.findIndex((e) => e.type === 'exit' && e.pid === oldPid);
    const nextAt = standin.findIndex((e) => e.type === 'start' && e.pid === newPid);
    expect(killedAt).toBeGreaterThan(-1);
    expect(nextAt).toBeGreaterThan(killedAt);
    // finish(): the event logs never show two gateways at once.
  });

  it('starts a gateway that was not running', async () => {
    fx = await fixture();
    const result = await fx.ok('restart');
    expect(result.status.state).toBe('running');
  });

  it('two restarts at the same moment leave one gateway, restarted once or twice, never overlapping', async () => {
    fx = await fixture();
    await fx.ok('start');
    const spawnsBefore = (await fx.sim.events()).filter((e) => e.type === 'spawn').length;
    const [a, b] = await Promise.all([spawnCli(['restart', '--json'], fx.sim.env), spawnCli(['restart', '--json'], fx.sim.env)]);
    expect(a.exitCode, a.stdout + a.stderr).toBe(0);
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
    const spawns = (await fx.sim.events()).filter((e) => e.type === 'spawn').length - spawnsBefore;
    expect(spawns).toBeGreaterThanOrEqual(1);
    expect(spawns).toBeLessThanOrEqual(2);
    const status = await fx.status();
    expect(status.state).toBe('running');
    expect(status.duplicates).toEqual([]);
  });

  it('a lock left by a killed CLI does not block the next operation', async () => {
    fx = await fixture();
    await fx.ok('start');
    // Hold the CLI inside its operation (a slow print-disabled, which only an operation's thorough
    // look asks), then kill it outright. (Its launchctl child keeps the CLI's output open until the
    // delay ends: keep it short.)
    await fx.sim.inject({ command: 'print-disabled', delayMs: 2_000 });
    const stuck = spawnCli(['restart'], fx.sim.env);
    const lock = lockPath({ home: fx.sim.hermesHome, profile: null, label: LABEL, plistPath: fx.plistPath });
    for (let i = 0; i < 200 && !existsSync(lock); i += 1) await sleep(25);
    expect(existsSync(lock)).toBe(true);
    stuck.kill('SIGKILL');
    await stuck;
    const result = await fx.ok('restart');
    expect(result.status.state).toBe('running');
  });

  it('a lock file of a dead process is taken over', async () => {
    fx = await fixture();
    const status = await fx.status();
    writeFileSync(lockPath({ home: status.home, profile: null, label: LABEL, plistPath: status.plistPath }), JSON.stringify({ pid: 2 ** 22 + 7, token: 'x', operation: 'restart', since: 0 }));
    expect((await fx.ok('start')).status.state).toBe('running');
  });
});
