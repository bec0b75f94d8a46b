/**
 * The app's data flow on systemd, unchanged: the status monitor the app runs watches the unit's
 * folder and pushes a change at once, and an operation from the popover ends in a pushed status.
 */
import { unlinkSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { createEngine } from '../../electron/service/engine.js';
import { StatusMonitor } from '../../electron/service/monitor.js';
import { readSettings } from '../../electron/service/settings.js';
import type { StatusSnapshot } from '../../electron/service/types.js';
import { sleep } from '../../electron/service/wait.js';
import { cliEnv } from '../support/cli.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

let fx: SystemdFixture;
let monitor: StatusMonitor | undefined;
afterEach(async () => {
  monitor?.stop();
  await fx?.finish();
});

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (predicate()) return;
    await sleep(25);
  }
  throw new Error(`never: ${what}`);
}

describeSystemd('the status monitor on systemd', () => {
  it('pushes a deleted unit file at once, and the result of a restart', async () => {
    fx = await systemdFixture();
    const started = await fx.ok('start');
    // Polls far apart: only the folder watch can bring the change in time.
    monitor = new StatusMonitor(createEngine(readSettings(cliEnv(fx.env))), { idlePollMs: 600_000, activePollMs: 600_000, pidCheckMs: 60_000, debounceMs: 20 });
    const pushed: StatusSnapshot[] = [];
    monitor.onChange((snapshot) => pushed.push(snapshot));
    const first = await monitor.start();
    expect(first.status).toMatchObject({ backend: 'systemd', state: 'running', pid: started.status.pid });
    unlinkSync(fx.unitPath);
    await until(() => pushed.some((s) => s.status?.problems.some((p) => p.code === 'plist-missing')), 'a push with plist-missing');
    const result = await monitor.run('restart', null);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const last = pushed.at(-1);
    expect(last?.busy).toBeNull();
    expect(last?.status?.state).toBe('running');
    expect(last?.status?.pid).not.toBe(started.status.pid);
    expect(last?.status?.problems).toEqual([]);
  });
});
