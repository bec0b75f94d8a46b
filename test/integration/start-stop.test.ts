import { existsSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { Fixture } from './fixture.js';
import { fixture, GUI, LABEL, oldInstall } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

function isLegacyStartOrKill(argv: string[]): boolean {
  return (argv[0] === 'kickstart' && argv.includes('-k')) || argv[0] === 'start' || argv[0] === 'load';
}

describe('hermes-bar start', () => {
  it('(a) with the plist deleted: writes it, loads it, and ends with exactly one running gateway', async () => {
    fx = await fixture();
    expect((await fx.status()).state).toBe('not-installed');
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(isAlive(result.status.pid as number)).toBe(true);
    expect(statSync(fx.plistPath).mode & 0o777).toBe(0o644);
    const status = await fx.status();
    expect(status.pid).toBe(result.status.pid);
    expect(status.duplicates).toEqual([]);
    expect(status.problems).toEqual([]);
    const spawns = (await fx.sim.events()).filter((e) => e.type === 'spawn');
    expect(spawns).toHaveLength(1);
  });

  it('(a) with the plist deleted under a loaded job: restores the file without a second gateway', async () => {
    fx = await fixture();
    const pid = await fx.loadByHand(fx.wanted());
    unlinkSync(fx.plistPath);
    expect((await fx.status()).problems.map((p) => p.code)).toContain('plist-missing');
    const result = await fx.ok('start');
    expect(result.status.pid).toBe(pid);
    expect(existsSync(fx.plistPath)).toBe(true);
    expect((await fx.status()).problems).toEqual([]);
  });

  it('(b) after the plist went stale: rewrites it with a backup, reloads once, never starts twice', async () => {
    fx = await fixture();
    const old = await oldInstall(fx);
    const oldPid = await fx.loadByHand(fx.wanted(old));
    expect((await fx.status()).problems.map((p) => p.code)).toContain('plist-stale');
    const before = (await fx.sim.events()).length;
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(result.status.pid).not.toBe(oldPid);
    expect(isAlive(oldPid)).toBe(false);
    const events = (await fx.sim.events()).slice(before);
    const commands = events.flatMap((e) => (e.type === 'command' ? [e.argv] : []));
    const bootstrapAt = commands.findIndex((argv) => argv[0] === 'bootstrap');
    expect(bootstrapAt).toBeGreaterThan(commands.findIndex((argv) => argv[0] === 'bootout'));
    expect(commands.slice(bootstrapAt).filter(isLegacyStartOrKill)).toEqual([]);
    expect(events.filter((e) => e.type === 'spawn')).toHaveLength(1);
    const backups = readdirSync(path.dirname(fx.plistPath)).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect((await fx.doctor()).needsRepair).toBe(false);
  });

  it('(c) when the reload’s bootstrap fails: exit 1 with the code and explanation, never "started"', async () => {
    fx = await fixture();
    const old = await oldInstall(fx);
    await fx.loadByHand(fx.wanted(old));
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
  it('boots the job out and returns only after the gateway has exited', async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('stop');
    expect(isAlive(pid)).toBe(false);
    expect(result.status.state).toBe('stopped');
    expect(result.status.pid).toBeNull();
    const events = await fx.sim.events();
    const exit = events.findIndex((e) => e.type === 'exit' && e.pid === pid);
    expect(exit).toBeGreaterThan(-1);
    expect((await fx.sim.launchctl(['print', `${GUI}/${LABEL}`])).exit).toBe(113);
    expect((await fx.ok('stop')).message).toMatch(/not running/);
  });

  it('waits out a gateway that ignores SIGTERM until launchd kills it', async () => {
    fx = await fixture({ ignoreSigterm: true });
    const pid = (await fx.ok('start')).status.pid as number;
    await fx.ok('stop');
    expect(isAlive(pid)).toBe(false);
  });
});
