import { afterEach, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import { readStandinEvents, removeInstall } from '../support/standin.js';
import type { SystemctlCallRecord, SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

function verbs(calls: SystemctlCallRecord[]): string[] {
  return calls.map((call) => call.args[1] ?? '').filter((verb) => verb !== 'show');
}

describeSystemd('hermes-bar restart on systemd', () => {
  it('drains the gateway with SIGUSR1 (exit 75) and waits for the new main pid systemd starts', async () => {
    fx = await systemdFixture();
    const oldPid = (await fx.ok('start')).status.pid as number;
    const restartsBefore = (await fx.show()).restarts ?? 0;
    const before = (await fx.calls()).length;
    const result = await fx.ok('restart');
    const newPid = result.status.pid as number;
    expect(newPid).not.toBe(oldPid);
    expect(isAlive(newPid)).toBe(true);
    expect(isAlive(oldPid)).toBe(false);
    expect(result.status.state).toBe('running');
    expect(await fx.show()).toMatchObject({ mainPid: newPid, restarts: restartsBefore + 1 });
    const calls = await fx.calls(before);
    expect(verbs(calls)).toEqual(['kill']);
    expect(calls.find((call) => call.args[1] === 'kill')?.args).toEqual(expect.arrayContaining(['--kill-who=main', '--signal=SIGUSR1']));
    const events = await readStandinEvents(fx.hermesHome);
    expect(events.some((e) => e.type === 'draining' && e.pid === oldPid)).toBe(true);
    expect(events.some((e) => e.type === 'exit' && e.pid === oldPid && e.code === 75)).toBe(true);
  });

  it('falls back to systemctl restart when the gateway does not come back after SIGUSR1', async () => {
    // A drain longer than the engine waits for (drain, RestartSec, spawn): no new pid in time.
    fx = await systemdFixture({ drainMs: 120_000 });
    const oldPid = (await fx.ok('start')).status.pid as number;
    const before = (await fx.calls()).length;
    const result = await fx.ok('restart');
    expect(result.status.pid).not.toBe(oldPid);
    expect(isAlive(oldPid)).toBe(false);
    expect(verbs(await fx.calls(before))).toEqual(['kill', 'restart']);
    expect(result.actions).toContain('No new gateway after SIGUSR1: systemctl --user restart');
  });

  it('after an upgrade removed the install the unit names: one reload and one systemctl restart, no signal', async () => {
    fx = await systemdFixture();
    const old = fx.oldInstall();
    const oldPid = await fx.startByHand(await fx.hermesUnit(old));
    removeInstall(old.root);
    const before = (await fx.calls()).length;
    const result = await fx.ok('restart');
    expect(result.status.pid).not.toBe(oldPid);
    const done = verbs(await fx.calls(before));
    // One restart, or one start when the gateway died once its install went under it (as a real one can); never both, never a signal.
    const runs = done.filter((verb) => verb === 'restart' || verb === 'start');
    expect(runs).toHaveLength(1);
    expect(done).not.toContain('kill');
    expect(done.indexOf('daemon-reload')).toBeLessThan(done.indexOf(runs[0] as string));
    expect((await fx.status()).problems).toEqual([]);
  });

  it('starts a gateway that was not running', async () => {
    fx = await systemdFixture();
    const result = await fx.ok('restart');
    expect(result.status.state).toBe('running');
    expect(verbs(await fx.calls())).toEqual(['daemon-reload', 'enable', 'start']);
  });

  it('two CLI restarts at the same moment: both succeed, one gateway at a time, one or two restarts', async () => {
    fx = await systemdFixture();
    const first = (await fx.ok('start')).status.pid as number;
    const [a, b] = await Promise.all([fx.spawn(['restart', '--json']), fx.spawn(['restart', '--json'])]);
    expect(a.exitCode, a.stdout + a.stderr).toBe(0);
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
    const starts = (await readStandinEvents(fx.hermesHome)).filter((e) => e.type === 'start' && e.pid !== first);
    expect(starts.length).toBeGreaterThanOrEqual(1);
    expect(starts.length).toBeLessThanOrEqual(2);
    const status = await fx.status();
    expect(status.state).toBe('running');
    expect(status.duplicates).toEqual([]);
    // Serialized: the two SIGUSR1s never overlap one drain.
    const kills = (await fx.calls()).filter((call) => call.args[1] === 'kill');
    expect(kills.length).toBe(starts.length);
  });
});
