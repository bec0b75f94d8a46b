import { existsSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import { readGatewayState, readStandinEvents, removeInstall } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, GUI, LABEL, oldInstall } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

function isLegacyStartOrKill(argv: string[]): boolean {
  return (argv[0] === 'kickstart' && argv.includes('-k')) || argv[0] === 'start' || argv[0] === 'load';
}

/** Hermes's own check: the plist on disk is what the installed Hermes writes (so it never rewrites it). */
async function isHermesOwn(f: Fixture): Promise<boolean> {
  return hermesNormalized(readFileSync(f.plistPath, 'utf8')) === hermesNormalized(await f.hermesPlist());
}

describe('hermes-bar start', () => {
  it('(a) with the plist deleted: writes what the installed Hermes writes, loads it, and ends with exactly one running gateway', async () => {
    fx = await fixture();
    expect((await fx.status()).state).toBe('not-installed');
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(statSync(fx.plistPath).mode & 0o777).toBe(0o644);
    expect(await isHermesOwn(fx)).toBe(true);
    // launchd's process is Hermes's stderr wrapper; the pid reported is the gateway's, its child.
    const launchdPid = await fx.waitForPid();
    const gateway = await fx.waitForGateway();
    expect(result.status.pid).toBe(gateway);
    expect(gateway).not.toBe(launchdPid);
    expect(isAlive(gateway)).toBe(true);
    const status = await fx.status();
    expect(status.pid).toBe(gateway);
    expect(status.duplicates).toEqual([]);
    expect(status.problems).toEqual([]);
    expect((await fx.sim.events()).filter((e) => e.type === 'spawn')).toHaveLength(1);
  });

  it('(a) with the plist deleted under a loaded job: restores the file without a second gateway', async () => {
    fx = await fixture();
    await fx.loadByHand(await fx.hermesPlist());
    const gateway = await fx.waitForGateway();
    unlinkSync(fx.plistPath);
    expect((await fx.status()).problems.map((p) => p.code)).toContain('plist-missing');
    const result = await fx.ok('start');
    expect(result.status.pid).toBe(gateway);
    expect(existsSync(fx.plistPath)).toBe(true);
    expect((await fx.status()).problems).toEqual([]);
  });

  it("leaves Hermes's own plist alone, even one an older install wrote: no rewrite, no reload", async () => {
    fx = await fixture();
    const old = oldInstall(fx);
    const text = await fx.hermesPlist(old);
    await fx.loadByHand(text);
    const gateway = await fx.waitForGateway();
    const before = (await fx.sim.events()).length;
    const result = await fx.ok('start');
    expect(result.status.pid).toBe(gateway);
    expect(result.message).toMatch(/already running/);
    expect(readFileSync(fx.plistPath, 'utf8')).toBe(text);
    const commands = (await fx.sim.events()).slice(before).flatMap((e) => (e.type === 'command' ? [e.argv[0]] : []));
    expect(commands).not.toContain('bootout');
    expect(commands).not.toContain('bootstrap');
    expect((await fx.doctor()).definition).toMatch(/^Hermes's own plist/);
  });

  it('(b) after an upgrade removed the install the plist names: rewrites it with a backup, reloads once, never starts twice', async () => {
    fx = await fixture();
    const old = oldInstall(fx);
    await fx.loadByHand(await fx.hermesPlist(old));
    const oldGateway = await fx.waitForGateway();
    removeInstall(old.root);
    const problem = (await fx.status()).problems.find((p) => p.code === 'launcher-missing');
    expect(problem?.fix).toContain(fx.launcher);
    const before = (await fx.sim.events()).length;
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(result.status.pid).not.toBe(oldGateway);
    expect(isAlive(oldGateway)).toBe(false);
    expect(await isHermesOwn(fx)).toBe(true);
    const events = (await fx.sim.events()).slice(before);
    const commands = events.flatMap((e) => (e.type === 'command' ? [e.argv] : []));
    const bootstrapAt = commands.findIndex((argv) => argv[0] === 'bootstrap');
    expect(bootstrapAt).toBeGreaterThan(commands.findIndex((argv) => argv[0] === 'bootout'));
    expect(commands.slice(bootstrapAt).filter(isLegacyStartOrKill)).toEqual([]);
    expect(events.filter((e) => e.type === 'spawn')).toHaveLength(1);
    const backups = readdirSync(path.dirname(fx.plistPath)).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    // The reload stopped the old gateway the way Hermes stops one: the planned-stop marker, exit 0.
    const exit = (await readStandinEvents(fx.sim.hermesHome)).find((e) => e.type === 'exit' && e.pid === oldGateway && e.signal === undefined);
    expect(exit?.code).toBe(0);
    expect((await fx.doctor()).needsRepair).toBe(false);
  });

  it('(c) when the reload’s bootstrap fails: exit 1 with the code and explanation, never "started"', async () => {
    fx = await fixture();
    const old = oldInstall(fx);
    await fx.loadByHand(await fx.hermesPlist(old));
    await fx.waitForGateway();
    removeInstall(old.root);
    await fx.sim.inject({ command: 'bootstrap', exit: 5, stderr: 'Bootstrap failed: 5: Input/output error\nService is disabled' });
    const result = await fx.run(['start']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(/started/i);
    expect(result.stderr).toContain('[job-disabled]');
    expect(result.stderr).toContain('launchctl bootstrap failed with 5');
    expect(result.stderr).toMatch(/why: .*disabled/);
    expect(result.stderr).toMatch(/next: .*repair/);
    const status = await fx.status();
    expect(status.state).not.toBe('running');
    expect(status.pid).toBeNull();
  });

  it('fails truthfully when launchd cannot open the log paths (spawn fails with 78)', async () => {
    fx = await fixture();
    writeFileSync(path.join(fx.sim.hermesHome, 'logs'), 'a file where the logs folder should be');
    const error = await fx.fails('start');
    expect(error.code).toBe('spawn-failed');
    expect(error.exitCode).toBe(78);
    expect(error.explanation).toMatch(/log path/);
    const status = await fx.status();
    expect(status.pid).toBeNull();
    expect(status.problems.map((p) => p.code)).toContain('log-path-unwritable');
  });

  it('refuses to start when the launcher is gone and none can be found', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    unlinkSync(fx.launcher);
    const error = await fx.fails('start');
    expect(error.code).toBe('launcher-missing');
    expect(error.nextStep).toMatch(/install/i);
  });

  it('starts with only the install root and its forwarder (no ~/.hermes/bin/hermes)', async () => {
    fx = await fixture();
    expect(existsSync(path.join(fx.sim.hermesHome, 'bin', 'hermes'))).toBe(false);
    expect(fx.install.forwarder).not.toBeNull();
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(readFileSync(fx.plistPath, 'utf8')).toContain(`<string>${fx.install.launcher}</string>`);
  });

  it('reports a gateway that dies while booting as a failure with its exit code', async () => {
    fx = await fixture({ crashOnBoot: 1 });
    const error = await fx.fails('start');
    expect(error.code).toBe('gateway-exited');
    expect(error.exitCode).toBe(1);
  });

  it('is a no-op on a running, current gateway', async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid;
    const again = await fx.ok('start');
    expect(again.status.pid).toBe(pid);
    expect(again.message).toMatch(/already running/);
    expect((await fx.sim.events()).filter((e) => e.type === 'spawn')).toHaveLength(1);
  });
});

describe('hermes-bar stop', () => {
  it("stops the gateway the way Hermes does (planned-stop marker: exit 0, state stopped) and returns only after it exited", async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('stop');
    expect(isAlive(pid)).toBe(false);
    expect(result.status.state).toBe('stopped');
    expect(result.status.pid).toBeNull();
    const exit = (await readStandinEvents(fx.sim.hermesHome)).find((e) => e.type === 'exit' && e.pid === pid && e.signal === undefined);
    expect(exit?.code).toBe(0);
    expect((await readGatewayState(fx.sim.hermesHome))?.gateway_state).toBe('stopped');
    expect((await fx.sim.launchctl(['print', `${GUI}/${LABEL}`])).exit).toBe(113);
    expect((await fx.ok('stop')).message).toMatch(/not running/);
  });

  it('a gateway that ignores SIGTERM and outlives its wrapper past ExitTimeOut is killed, never left holding the token', async () => {
    fx = await fixture({ ignoreSigterm: true });
    const pid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('stop');
    expect(isAlive(pid)).toBe(false);
    expect(result.actions.join('\n')).toMatch(/outlived its job/);
  });
});
