/** What the engine asks launchctl: only what it needs (list once for every gateway; no enable without an override). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/service/types.js';
import type { Fixture } from './fixture.js';
import { commandsAfter, fixture, GUI, LABEL } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

describe('hermes-bar list', () => {
  it('reads every gateway from one `launchctl list` (and one look at the session), not one print each', async () => {
    fx = await fixture();
    const profiles = ['one', 'two', 'three'];
    for (const name of profiles) mkdirSync(path.join(fx.sim.hermesHome, 'profiles', name), { recursive: true });
    await fx.ok('start');
    for (const name of profiles) expect((await fx.run(['start', '--profile', name])).exitCode).toBe(0);
    const from = (await fx.sim.events()).length;
    const listed = await fx.run(['list', '--json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const rows = listed.json as GatewayStatus[];
    expect(rows.map((r) => [r.label, r.state, r.domain])).toEqual([
      [LABEL, 'running', GUI],
      [`${LABEL}-one`, 'running', GUI],
      [`${LABEL}-three`, 'running', GUI],
      [`${LABEL}-two`, 'running', GUI],
    ]);
    for (const row of rows) expect(row.pid).toEqual(expect.any(Number));
    expect(commandsAfter(await fx.sim.events(), from).sort()).toEqual([['list'], ['print', GUI]]);
    for (const name of profiles) expect((await fx.run(['stop', '--profile', name])).exitCode).toBe(0);
  });

  it('agrees with status field by field, for a running gateway and a stopped one', async () => {
    fx = await fixture();
    await fx.ok('start');
    // list reads `launchctl list`, status reads `launchctl print`; runs is print's alone (README), and
    // the times are each look's own (the gateway rewrites its state file as it goes).
    const comparable = ({ checkedAt: _c, uptimeMs: _u, runs: _r, gateway, ...rest }: GatewayStatus) => ({ ...rest, gateway: gateway && { ...gateway, updatedAt: null } });
    const same = async (): Promise<void> => {
      const [row] = (await fx.run(['list', '--json'])).json as GatewayStatus[];
      const status = await fx.status();
      expect(row && comparable(row)).toEqual(comparable(status));
    };
    await same();
    expect((await fx.status()).lastExitCode).toBeNull();
    await fx.ok('stop');
    await same();
  });

  it('prints only a loaded job without a process: its record tells stopped from crashed or throttled', async () => {
    fx = await fixture();
    mkdirSync(path.join(fx.sim.hermesHome, 'profiles', 'idle'), { recursive: true });
    // Loaded, never started: no RunAtLoad, no KeepAlive.
    const idle = (await fx.hermesPlist()).replace(/(<key>(?:RunAtLoad|KeepAlive)<\/key>\s*)<true\/>/g, '$1<false/>');
    writeFileSync(fx.plistPath, idle, { mode: 0o644 });
    expect((await fx.sim.launchctl(['bootstrap', GUI, fx.plistPath])).exit).toBe(0);
    const from = (await fx.sim.events()).length;
    const rows = (await fx.run(['list', '--json'])).json as GatewayStatus[];
    expect(rows.map((r) => [r.label, r.state, r.runs])).toEqual([
      [LABEL, 'stopped', 0],
      [`${LABEL}-idle`, 'not-installed', null],
    ]);
    expect(commandsAfter(await fx.sim.events(), from).sort()).toEqual([['list'], ['print', GUI], ['print', `${GUI}/${LABEL}`]]);
  });
});

describe('hermes-bar start', () => {
  it('enables a job only when a disabled override is there', async () => {
    fx = await fixture();
    const from = (await fx.sim.events()).length;
    await fx.ok('start');
    const issued = commandsAfter(await fx.sim.events(), from).map((argv) => argv[0]);
    expect(issued).toContain('print-disabled');
    expect(issued).toContain('bootstrap');
    expect(issued).not.toContain('enable');
  });
});
