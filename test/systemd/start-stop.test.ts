import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import { readGatewayState, readStandinEvents, removeInstall } from '../support/standin.js';
import type { SystemctlCallRecord, SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture, UNIT } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

/** The systemctl verbs the engine used (after `--user`), reads left out. */
function changing(calls: SystemctlCallRecord[]): string[] {
  return calls.map((call) => call.args[1] ?? '').filter((verb) => verb !== 'show');
}

describeSystemd('hermes-bar start on systemd', () => {
  it('with the unit missing: writes it, reloads systemd, enables and starts it once; one gateway runs', async () => {
    fx = await systemdFixture();
    expect((await fx.status()).state).toBe('not-installed');
    const result = await fx.ok('start');
    expect(result.status).toMatchObject({ backend: 'systemd', label: UNIT, plistPath: fx.unitPath, domain: 'systemd --user', state: 'running' });
    expect(isAlive(result.status.pid as number)).toBe(true);
    expect(statSync(fx.unitPath).mode & 0o777).toBe(0o644);
    expect(hermesNormalized(readFileSync(fx.unitPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesUnit()));
    const record = await fx.show();
    expect(record).toMatchObject({ activeState: 'active', mainPid: result.status.pid, unitFileState: 'enabled', needsReload: false });
    expect(changing(await fx.calls())).toEqual(['daemon-reload', 'enable', 'start']);
    const status = await fx.status();
    expect(status.pid).toBe(result.status.pid);
    expect(status.problems).toEqual([]);
    expect(status.duplicates).toEqual([]);
  });

  it('with the unit file deleted under a running unit: writes it back without a restart', async () => {
    fx = await systemdFixture();
    const pid = await fx.startByHand(await fx.hermesUnit());
    unlinkSync(fx.unitPath);
    expect((await fx.status()).problems.map((p) => p.code)).toContain('plist-missing');
    const before = (await fx.calls()).length;
    const result = await fx.ok('start');
    expect(result.status.pid).toBe(pid);
    expect(result.message).toMatch(/already running/);
    expect(existsSync(fx.unitPath)).toBe(true);
    expect(changing(await fx.calls(before))).not.toContain('restart');
    expect(changing(await fx.calls(before))).not.toContain('start');
    expect((await fx.status()).problems).toEqual([]);
  });

  it("Hermes's own unit, even one an older install wrote, is left alone: no rewrite, no restart", async () => {
    fx = await systemdFixture();
    const text = await fx.hermesUnit(fx.oldInstall());
    const pid = await fx.startByHand(text);
    // As `hermes gateway install` leaves it: enabled, so it starts at login (systemd shows a unit
    // file's state as of its last reload).
    expect((await fx.systemctl(['enable', UNIT])).exit).toBe(0);
    expect((await fx.systemctl(['daemon-reload'])).exit).toBe(0);
    const before = (await fx.calls()).length;
    const result = await fx.ok('start');
    expect(result.status.pid).toBe(pid);
    expect(readFileSync(fx.unitPath, 'utf8')).toBe(text);
    expect(changing(await fx.calls(before))).toEqual([]);
    expect((await fx.doctor()).definition).toMatch(/^Hermes's own unit file/);
  });

  it('after an upgrade removed the install the unit names, under a running gateway: rewrites it with a backup, reloads, restarts once', async () => {
    fx = await systemdFixture();
    const old = fx.oldInstall();
    const oldPid = await fx.startByHand(await fx.hermesUnit(old));
    removeInstall(old.root);
    expect((await fx.status()).problems.map((p) => p.code)).toContain('launcher-missing');
    const before = (await fx.calls()).length;
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    expect(result.status.pid).not.toBe(oldPid);
    expect(isAlive(oldPid)).toBe(false);
    const verbs = changing(await fx.calls(before));
    // One restart after the reload, never a start beside it; a gateway whose install went under it
    // may die at its next import (as a real one can), and is then started once instead.
    const runs = verbs.filter((verb) => verb === 'restart' || verb === 'start');
    expect(runs).toHaveLength(1);
    expect(verbs.indexOf('daemon-reload')).toBeLessThan(verbs.indexOf(runs[0] as string));
    const backups = readdirSync(fx.manager.unitsDir).filter((name) => name.startsWith(`${UNIT}.`) && name.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(fx.manager.unitsDir, backups[0] as string), 'utf8')).toContain(old.root);
    expect(hermesNormalized(readFileSync(fx.unitPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesUnit()));
    expect((await fx.doctor()).needsRepair).toBe(false);
  });

  it('after an upgrade removed the install the unit names, while stopped: rewrites it and starts it once, no restart', async () => {
    fx = await systemdFixture();
    const old = fx.oldInstall();
    await fx.startByHand(await fx.hermesUnit(old));
    expect((await fx.systemctl(['stop', UNIT])).exit).toBe(0);
    removeInstall(old.root);
    const before = (await fx.calls()).length;
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    const verbs = changing(await fx.calls(before));
    expect(verbs.filter((verb) => verb === 'start')).toHaveLength(1);
    expect(verbs).not.toContain('restart');
  });

  it('a launcher in a folder with blanks and %: systemd runs exactly the path the unit names', async () => {
    fx = await systemdFixture();
    const dir = path.join(fx.home, 'my tools 100%');
    await mkdir(dir, { recursive: true });
    const odd = path.join(dir, 'hermes');
    await cp(fx.launcher, odd);
    const started = await fx.run(['start', '--json'], { HERMES_BAR_HERMES: odd });
    expect(started.exitCode, started.stdout + started.stderr).toBe(0);
    expect((started.json as { status: { state: string } }).status.state).toBe('running');
    // The launcher execs its Python: systemd's own record shows the path it ran, exactly.
    const shown = await fx.systemctl(['show', UNIT, '-p', 'ExecStart']);
    expect(shown.stdout).toContain(`path=${odd} ;`);
    const status = await fx.run(['status', '--json'], { HERMES_BAR_HERMES: odd });
    expect((status.json as { problems: unknown[] }).problems).toEqual([]);
  });

  it('is a no-op on a running, current gateway', async () => {
    fx = await systemdFixture();
    const pid = (await fx.ok('start')).status.pid;
    const before = (await fx.calls()).length;
    const again = await fx.ok('start');
    expect(again.status.pid).toBe(pid);
    expect(again.message).toMatch(/already running/);
    expect(changing(await fx.calls(before))).toEqual([]);
  });

  it('reports a gateway that dies while booting as a failure with its exit code, never "started"', async () => {
    fx = await systemdFixture({ crashOnBoot: 1 });
    const result = await fx.run(['start']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(/started/i);
    expect(result.stderr).toContain('[gateway-exited]');
    expect(result.stderr).toMatch(/exited while starting with 1/);
  });

  it('a configuration error (exit 78) is not restarted by systemd and is reported as such', async () => {
    fx = await systemdFixture({ crashOnBoot: 78 });
    const error = await fx.fails('start');
    expect(error.code).toBe('gateway-exited');
    expect(error.exitCode).toBe(78);
    const status = await fx.status();
    expect(status.state).toBe('crashed');
    expect(status.lastExitCode).toBe(78);
    expect(status.problems.map((p) => p.code)).toContain('config-error');
    expect((await fx.show()).restarts).toBe(0);
  });

  it('refuses to start when the launcher is gone and none can be found', async () => {
    fx = await systemdFixture();
    unlinkSync(fx.launcher);
    const error = await fx.fails('start');
    expect(error.code).toBe('launcher-missing');
    expect(existsSync(fx.unitPath)).toBe(false);
  });
});

describeSystemd('hermes-bar stop on systemd', () => {
  it('stops the way Hermes does (planned-stop marker: exit 0, state stopped, the unit inactive, not failed) and returns once the gateway exited', async () => {
    fx = await systemdFixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const result = await fx.ok('stop');
    expect(isAlive(pid)).toBe(false);
    expect(result.status).toMatchObject({ state: 'stopped', pid: null });
    expect(await fx.show()).toMatchObject({ activeState: 'inactive', mainPid: null, result: 'success' });
    const exit = (await readStandinEvents(fx.hermesHome)).find((e) => e.type === 'exit' && e.pid === pid && e.signal === undefined);
    expect(exit?.code).toBe(0);
    expect((await readGatewayState(fx.hermesHome))?.gateway_state).toBe('stopped');
    // Stopped on purpose is calm: no problem, nothing for Repair to propose.
    expect(result.status.problems).toEqual([]);
    expect((await fx.ok('stop')).message).toMatch(/not running/);
  });
});
