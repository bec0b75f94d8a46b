/** The app's engine (app-log.ts) against the simulator: every launchctl call and operation reaches the app's log. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppLog, createLoggedEngine } from '../../electron/main/app-log.js';
import { readSettings } from '../../electron/service/settings.js';
import { cliEnv } from '../support/cli.js';
import type { Fixture } from './fixture.js';
import { fixture } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

describe("the app's log with the real engine", () => {
  it('has one line per launchctl call (with exit status and duration, one after another in order) and the operation around them', async () => {
    fx = await fixture();
    const log = new AppLog(mkdtempSync(path.join(os.tmpdir(), 'hb-app-log-')));
    const engine = createLoggedEngine(readSettings(cliEnv(fx.sim.env)), log);
    await fx.sim.inject({ command: 'bootstrap', exit: 5, stderr: 'Bootstrap failed: 5: Input/output error' });
    await engine.run('start', null);

    const lines = readFileSync(log.file, 'utf8').trim().split('\n').map((line) => line.replace(/^\S+ /, ''));
    const calls = lines.filter((line) => line.startsWith('launchctl '));
    const commands = (await fx.sim.events()).flatMap((e) => (e.type === 'command' ? [e.argv.join(' ')] : []));
    // The look's calls run side by side, so only their set is fixed; calls made one after another
    // are logged in their order.
    expect(calls.map((line) => line.slice('launchctl '.length).split(' → ')[0]).sort()).toEqual([...commands].sort());
    for (const line of calls) expect(line).toMatch(/ → exit \d+ in \d+ ms/);
    const failed = calls.findIndex((line) => /^launchctl bootstrap .* → exit 5 in \d+ ms: Bootstrap failed: 5: Input\/output error$/.test(line));
    const retried = calls.findIndex((line) => /^launchctl bootstrap .* → exit 0 in \d+ ms$/.test(line));
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(retried).toBeGreaterThan(failed);
    expect(lines[0]).toBe('start [default] requested');
    expect(lines.at(-1)).toMatch(/^start \[default\] succeeded in \d+ ms: The gateway started \(pid \d+\)$/);
  });
});
