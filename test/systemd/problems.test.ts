import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sleep } from '../../electron/service/wait.js';
import type { GatewayStatus } from '../../electron/service/types.js';
import { writeStandinConfig } from '../support/standin.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture, UNIT } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

describeSystemd('problems only systemd has', () => {
  it('no user bus (XDG_RUNTIME_DIR unset, as after su): status says so with the next step; operations fail and change nothing', async () => {
    fx = await systemdFixture();
    const noBus = { XDG_RUNTIME_DIR: '' };
    const status = (await fx.run(['status', '--json'], noBus)).json as GatewayStatus;
    expect(status.state).toBe('unknown');
    const problem = status.problems.find((p) => p.code === 'no-user-bus');
    expect(problem?.message).toMatch(/XDG_RUNTIME_DIR is not set/);
    expect(problem?.nextStep).toContain(`export XDG_RUNTIME_DIR=${fx.manager.runtimeDir}`);
    for (const operation of ['start', 'restart', 'stop', 'repair']) {
      const result = await fx.run([operation, '--json'], noBus);
      expect(result.exitCode, `${operation}: ${result.stdout}${result.stderr}`).toBe(1);
      expect((result.json as { error: { code: string; nextStep: string } }).error).toMatchObject({ code: 'no-user-bus', nextStep: expect.stringMatching(/XDG_RUNTIME_DIR|loginctl enable-linger/) });
    }
    expect(existsSync(fx.unitPath)).toBe(false);
    expect(await fx.calls()).toEqual([]);
  });

  it('no user manager behind XDG_RUNTIME_DIR (a socket left by one that exited): the same clear error', async () => {
    fx = await systemdFixture();
    const runtime = path.join(fx.root, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    writeFileSync(path.join(runtime, 'bus'), ''); // not a socket anyone listens on
    const error = (await fx.run(['start', '--json'], { XDG_RUNTIME_DIR: runtime })).json as { error: { code: string; nextStep: string } };
    expect(error.error.code).toBe('no-user-bus');
    expect(error.error.nextStep).toMatch(/loginctl enable-linger|log in/i);
    expect(existsSync(fx.unitPath)).toBe(false);
  });

  it('lingering off: a warning with the command that fixes it, which repair does not pretend to fix', async () => {
    fx = await systemdFixture({}, { lingering: false });
    const started = await fx.ok('start');
    const problem = started.status.problems.find((p) => p.code === 'linger-off');
    expect(problem).toMatchObject({ severity: 'warning', fix: null, nextStep: `Run \`loginctl enable-linger ${fx.env.USER}\`.` });
    expect((await fx.doctor()).needsRepair).toBe(false);
  });

  it('start-limit-hit: reported with its fix; repair resets the unit and starts it once the cause is gone', async () => {
    fx = await systemdFixture({ crashOnBoot: 1, bootMs: 0 });
    expect((await fx.fails('start')).exitCode).toBe(1);
    // Hermes's unit turns systemd's start limit off (StartLimitIntervalSec=0): as a user might tune
    // it, a limit back on and a restart at once, so the crash loop reaches it.
    mkdirSync(`${fx.unitPath}.d`);
    writeFileSync(path.join(`${fx.unitPath}.d`, 'fast.conf'), '[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=5\n\n[Service]\nRestartSec=100ms\n');
    expect((await fx.systemctl(['daemon-reload'])).exit).toBe(0);
    let status: GatewayStatus = await fx.status();
    for (let i = 0; i < 400 && !status.problems.some((p) => p.code === 'start-limit-hit'); i += 1) {
      await sleep(50);
      status = await fx.status();
    }
    expect(status.state).toBe('crashed');
    expect(status.problems).toContainEqual(expect.objectContaining({ code: 'start-limit-hit', severity: 'error', fix: expect.stringMatching(/Reset/) }));
    // systemd keeps the crash's Result (exit-code) when the limit stops a crash loop; a start is refused.
    expect(await fx.show()).toMatchObject({ activeState: 'failed', restart: 'always' });
    expect((await fx.systemctl(['start', UNIT])).exit).not.toBe(0);
    const report = await fx.doctor();
    expect(report.needsRepair).toBe(true);
    await writeStandinConfig(fx.hermesHome, {});
    const before = (await fx.calls()).length;
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    const verbs = (await fx.calls(before)).map((call) => call.args[1]).filter((verb) => verb !== 'show');
    expect(verbs).toEqual(['reset-failed', 'start']);
    expect((await fx.status()).problems.map((p) => p.code)).not.toContain('start-limit-hit');
  });
});
