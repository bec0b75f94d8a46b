/** A gateway counts as started only once it says "running" (bugs found by the stress run). */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/service/engine.js';
import { ServiceError } from '../../electron/service/errors.js';
import { readSettings } from '../../electron/service/settings.js';
import { cliEnv } from '../support/cli.js';
import { waitForGatewayState } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

describe('a gateway still booting', () => {
  it('start and repair wait for a respawned gateway to say running before they succeed', async () => {
    fx = await fixture({ bootMs: 5_000 });
    const first = await fx.ok('start');
    process.kill(first.status.pid ?? 0, 'SIGKILL');
    // Its wrapper exits with it and launchd respawns the job (KeepAlive): catch the new gateway while it boots.
    const respawned = await fx.waitForGatewayStart(first.status.pid);
    const state = await fx.status();
    expect(state.pid).toBe(respawned);
    expect(state.state).toBe('starting');

    const started = await fx.ok('repair');
    expect(started.status.state).toBe('running');
    expect(started.status.pid).toBe(respawned);
    expect((await waitForGatewayState(fx.sim.hermesHome, 'running', 100)).gateway_state).toBe('running');
  });

  it('a gateway that never reports running fails start with start-timeout, never a success', async () => {
    fx = await fixture({ bootMs: 600_000 });
    const engine = createEngine(readSettings({ ...cliEnv(fx.sim.env), HERMES_BAR_TIME_SCALE: '0.05' }));
    const error = await engine.run('start').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).info).toMatchObject({ code: 'start-timeout', nextStep: expect.stringMatching(/log/) });
    expect((await fx.status()).state).toBe('starting');
  });
});
