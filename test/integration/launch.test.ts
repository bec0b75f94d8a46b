/** DESIGN.md rule 6: at launch the app first only looks; it loads an unloaded job once when asked. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/service/engine.js';
import { decideAtLaunch, observeAtLaunch } from '../../electron/service/launch-policy.js';
import { readSettings } from '../../electron/service/settings.js';
import { cliEnv } from '../support/cli.js';
import type { Fixture } from './fixture.js';
import { fixture, GUI } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

const changing = new Set(['bootstrap', 'bootout', 'kickstart', 'kill', 'enable', 'disable', 'load', 'unload', 'start', 'stop']);

async function changingCommands(f: Fixture, from: number, exit?: number): Promise<string[][]> {
  return (await f.sim.events())
    .slice(from)
    .flatMap((e) => (e.type === 'command' && changing.has(e.argv[0] ?? '') && (exit === undefined || e.exit === exit) ? [e.argv] : []));
}

describe('at launch', () => {
  it('never touches a job launchd is starting by itself', async () => {
    fx = await fixture({ bootMs: 800 });
    await fx.loadByHand(await fx.hermesPlist());
    const from = (await fx.sim.events()).length;
    const engine = createEngine(readSettings(cliEnv(fx.sim.env)));
    const { decision, result } = await observeAtLaunch(engine, null, true);
    expect(decision.action).toBe('observe');
    expect(result).toBeNull();
    expect(await changingCommands(fx, from)).toEqual([]);
  });

  it('loads an unloaded job once when keep-running is on', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    const from = (await fx.sim.events()).length;
    const engine = createEngine(readSettings(cliEnv(fx.sim.env)));
    const { decision, status } = await observeAtLaunch(engine, null, true);
    expect(decision.action).toBe('load');
    expect(status.state).toBe('running');
    // A bootstrap launchd refuses while it still tears the stopped job down (5) is retried; one loads it.
    expect((await changingCommands(fx, from, 0)).filter((argv) => argv[0] === 'bootstrap')).toEqual([['bootstrap', GUI, fx.plistPath]]);
    const commands = await changingCommands(fx, from);
    expect(commands.filter((argv) => argv[0] === 'kickstart' || argv[0] === 'bootout')).toEqual([]);
  });

  it('only looks when keep-running is off', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    const from = (await fx.sim.events()).length;
    const engine = createEngine(readSettings(cliEnv(fx.sim.env)));
    expect((await observeAtLaunch(engine, null, false)).decision.action).toBe('observe');
    expect(await changingCommands(fx, from)).toEqual([]);
  });

  it('decides from the status alone', async () => {
    fx = await fixture();
    const status = await fx.status();
    expect(decideAtLaunch(status, true).action).toBe('observe'); // not installed: first run is the user's call
    const stopped = { ...status, state: 'stopped' as const, problems: [] };
    expect(decideAtLaunch(stopped, true).action).toBe('load');
    const stray = { ...stopped, problems: [{ code: 'unsupervised-gateway' as const, severity: 'warning' as const, message: '', fix: '' }] };
    expect(decideAtLaunch(stray, true).action).toBe('observe');
  });
});
