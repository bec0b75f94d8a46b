/**
 * Hermes 0.18 under a real systemd --user: with no unit, start writes what 0.18 writes (its
 * `python -m hermes_cli.main` unit, no flag 0.18 rejects) and the gateway stays up; Hermes's own
 * check finds nothing to rewrite.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import { sleep } from '../../electron/service/wait.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

describeSystemd('Hermes 0.18 on systemd', () => {
  it('start with no unit writes 0.18’s unit and runs a gateway that stays up', async () => {
    fx = await systemdFixture({}, { shape: '0.18' });
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    const unit = readFileSync(fx.unitPath, 'utf8');
    expect(unit).not.toContain('--external-supervisor');
    expect(unit).toContain(`ExecStart=${fx.install.venv}/bin/python -m hermes_cli.main gateway run`);
    expect(hermesNormalized(unit)).toBe(hermesNormalized(await fx.hermesUnit()));
    await sleep(3_000);
    const pid = result.status.pid as number;
    expect(isAlive(pid)).toBe(true);
    expect(await fx.show()).toMatchObject({ activeState: 'active', mainPid: pid, restarts: 0 });
  });
});
