import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { Fixture } from './fixture.js';
import { commandsAfter, fixture, footprint, LABEL, UID } from './fixture.js';
import { nowMicros } from '../support/invariants.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

function backups(f: Fixture): string[] {
  return readdirSync(path.dirname(f.plistPath)).filter((name) => name.startsWith(`${LABEL}.plist.`) && name.endsWith('.bak'));
}

describe('hermes-bar uninstall', () => {
  it('refuses without --yes (exit 2, a clear message) and changes nothing', async () => {
    fx = await fixture();
    await fx.ok('start');
    const before = await footprint(fx);
    const result = await fx.run(['uninstall']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('uninstall needs --yes');
    expect(result.stderr).toContain('backup');
    const json = await fx.run(['uninstall', '--json']);
    expect(json.exitCode).toBe(2);
    expect((json.json as { error: { code: string } }).error.code).toBe('usage');
    expect(await footprint(fx)).toBe(before);
    expect((await fx.status()).state).toBe('running');
  });

  it('stops the gateway, boots the job out, moves the plist to a backup; afterwards the state is not-installed', async () => {
    fx = await fixture();
    const started = await fx.ok('start');
    const pid = started.status.pid as number;
    const original = readFileSync(fx.plistPath, 'utf8');
    const before = (await fx.sim.events()).length;

    const result = await fx.run(['uninstall', '--yes', '--json']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const body = result.json as { ok: boolean; operation: string; message: string; status: { state: string; pid: number | null } };
    expect(body.ok).toBe(true);
    expect(body.operation).toBe('uninstall');
    expect(body.status.state).toBe('not-installed');
    expect(body.status.pid).toBeNull();
    expect(isAlive(pid)).toBe(false);

    // Kept, never deleted: the backup holds the plist as it was, not writable by others.
    expect(existsSync(fx.plistPath)).toBe(false);
    const kept = backups(fx);
    expect(kept).toHaveLength(1);
    const backup = path.join(path.dirname(fx.plistPath), kept[0] ?? '');
    expect(readFileSync(backup, 'utf8')).toBe(original);
    expect(statSync(backup).mode & 0o022).toBe(0);
    expect(body.message).toContain(backup);

    const commands = commandsAfter(await fx.sim.events(), before);
    expect(commands.some((argv) => argv[0] === 'bootout')).toBe(true);
    expect(commands.filter((argv) => ['bootstrap', 'kickstart', 'load', 'start'].includes(argv[0] ?? ''))).toEqual([]);
    expect((await fx.sim.launchctl(['print', fx.target])).exit).toBe(113);

    const status = await fx.status();
    expect(status.state).toBe('not-installed');
    expect(status.problems.map((p) => p.code)).toEqual(['plist-missing']);
  });

  it('boots the job out of both domains when it is loaded in gui and user', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.sim.launchctl(['bootstrap', `user/${UID}`, fx.plistPath]);
    const result = await fx.run(['uninstall', '--yes', '--json']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    // The duplicate was made on purpose above; from here on there must be none.
    fx.since = nowMicros();
    for (const domain of [`gui/${UID}`, `user/${UID}`]) {
      expect((await fx.sim.launchctl(['print', `${domain}/${LABEL}`])).exit).toBe(113);
    }
    expect(backups(fx)).toHaveLength(1);
  });

  it('after an uninstall, repair sets the gateway up again', async () => {
    fx = await fixture();
    await fx.ok('start');
    expect((await fx.run(['uninstall', '--yes'])).exitCode).toBe(0);
    const repaired = await fx.ok('repair');
    expect(repaired.status.state).toBe('running');
    expect(existsSync(fx.plistPath)).toBe(true);
    expect(backups(fx)).toHaveLength(1);
  });

  it('with nothing installed it says so and writes nothing', async () => {
    fx = await fixture();
    const result = await fx.run(['uninstall', '--yes', '--json']);
    expect(result.exitCode).toBe(0);
    expect((result.json as { message: string }).message).toBe('There was no gateway service to uninstall');
    expect(readdirSync(path.dirname(fx.plistPath))).toEqual([]);
  });
});
