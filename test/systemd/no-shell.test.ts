/** DESIGN.md rule 7 on systemd: every systemctl call the CLI makes gets an argument list and no shell. */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { cliSpawnsWithoutShell, watchedEnv } from '../security/spawn-records.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

describeSystemd('no shell, watched, on systemd', () => {
  it('every child process the CLI starts (systemctl, ps) gets an argument list and no shell', async () => {
    fx = await systemdFixture();
    const log = path.join(fx.root, 'spawns.jsonl');
    for (const args of [['start'], ['status'], ['restart'], ['doctor'], ['repair'], ['list'], ['stop']]) {
      const run = await fx.run([...args, '--json'], watchedEnv(log));
      expect(run.exitCode, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const systemctl = (await cliSpawnsWithoutShell(log)).filter((record) => record.file === fx.env.HERMES_BAR_SYSTEMCTL);
    // The recorder saw the systemctl calls (a recorder that sees nothing proves nothing).
    expect(systemctl.some((record) => record.args[0] === '--user' && record.args[1] === 'start')).toBe(true);
    expect(systemctl.some((record) => record.args[1] === 'kill')).toBe(true);
  });
});
