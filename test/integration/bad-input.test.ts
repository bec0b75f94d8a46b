import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import type { Fixture } from './fixture.js';
import { fixture, footprint } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

describe('bad input gets a clear error and changes nothing', () => {
  it.each(['../../etc', 'Work', 'a b', '$(rm -rf ~)', 'x'.repeat(65), '-x', 'a;b', '\u00e9t\u00e9'])('profile %j', async (profile) => {
    fx = await fixture();
    const before = await footprint(fx);
    for (const command of ['start', 'status', 'repair']) {
      const result = await fx.run([command, '--profile', profile, '--json']);
      expect(result.exitCode).toBe(2);
      expect((result.json as { error: { code: string } }).error.code).toBe('invalid-profile');
    }
    expect(await footprint(fx)).toBe(before);
  });

  it.each([[['frobnicate']], [['start', '--force']], [[]], [['status', 'extra']], [['list', '--profile', 'x']]])('usage %j exits 2', async (args) => {
    fx = await fixture();
    const before = await footprint(fx);
    const result = await fx.run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Usage:/);
    expect(await footprint(fx)).toBe(before);
  });

  it('a HERMES_HOME that does not exist', async () => {
    fx = await fixture();
    const before = await footprint(fx);
    const result = await cli(['start', '--json'], { ...fx.sim.env, HERMES_HOME: path.join(fx.sim.home, 'nope') });
    expect(result.exitCode).toBe(1);
    expect((result.json as { error: { code: string; nextStep: string } }).error).toMatchObject({ code: 'home-missing' });
    expect(await footprint(fx)).toBe(before);
  });

  it('a malformed plist is reported by status and doctor without being touched', async () => {
    fx = await fixture();
    writeFileSync(fx.plistPath, '\u0000\u00ff garbage <plist>', { mode: 0o644 });
    const status = await fx.status();
    expect(status.problems.map((p) => p.code)).toContain('plist-invalid');
    await fx.doctor();
    expect(readFileSync(fx.plistPath, 'utf8')).toContain('garbage');
    const human = await fx.run(['status']);
    expect(human.exitCode).toBe(0);
    expect(human.stderr).not.toMatch(/xmldom/);
  });

  it('an unreadable gateway state file is ignored', async () => {
    fx = await fixture();
    await fx.ok('start');
    writeFileSync(path.join(fx.sim.hermesHome, 'gateway_state.json'), 'not json {');
    const status = await fx.status();
    expect(status.state).toBe('running');
    expect(status.gateway).toBeNull();
    await fx.ok('stop');
  });

  it('a missing launchctl is a clear error', async () => {
    fx = await fixture();
    const result = await cli(['status', '--json'], { ...fx.sim.env, HERMES_BAR_LAUNCHCTL: path.join(fx.sim.home, 'no-launchctl') });
    expect(result.exitCode).toBe(1);
    expect((result.json as { error: { code: string } }).error.code).toBe('launchctl-unavailable');
    rmSync(path.join(fx.sim.home, 'no-launchctl'), { force: true });
  });
});
