/**
 * A look reads launchd and the process table side by side. launchd may start the gateway between
 * the two: the look must not take launchd's own new gateway for a second one (a start or restart
 * refused with duplicate-gateways, a status showing an unsupervised gateway). Found by the stress run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Launchctl } from '../../electron/service/launchd/launchctl.js';
import type { PrintResult } from '../../electron/service/launchd/launchctl.js';
import { observe, observeAll } from '../../electron/service/launchd/observe.js';
import type { ListRow } from '../../electron/service/launchd/print-record.js';
import { gatewayOf, unownedGateways } from '../../electron/service/launchd/status.js';
import { readSettings } from '../../electron/service/settings.js';
import { resolveTarget } from '../../electron/service/target.js';
import { cliEnv } from '../support/cli.js';
import type { Fixture } from './fixture.js';
import { fixture } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

/** Answers its first print of a loaded job as launchd did an instant before it spawned the gateway. */
class EarlyLaunchctl extends Launchctl {
  prints = 0;

  override async print(target: string): Promise<PrintResult> {
    const result = await super.print(target);
    this.prints += 1;
    if (this.prints > 1 || !result.loaded) return result;
    return { loaded: true, record: { ...result.record, pid: null, state: 'spawn scheduled' } };
  }
}

/** Answers `launchctl list` as launchd did an instant before the job was loaded and spawned. */
class EarlyList extends Launchctl {
  override async list(): Promise<ListRow[]> {
    return (await super.list()).filter((row) => row.label !== 'ai.hermes.gateway');
  }
}

describe('a look racing launchd', () => {
  it("counts a gateway launchd started after its print answered as launchd's", async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const settings = readSettings(cliEnv(fx.sim.env));
    const launchctl = new EarlyLaunchctl(settings.launchctlPath, settings.env);

    const obs = await observe(settings, launchctl, resolveTarget(settings, null), { thorough: false });

    expect(unownedGateways(obs)).toEqual([]);
    expect(obs.job?.record.pid).toBe(await fx.waitForPid());
    expect(gatewayOf(obs)?.process.pid).toBe(pid);
    expect(launchctl.prints).toBe(2);
  });

  it("list counts a gateway of a job launchd loaded after its list answered as launchd's", async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const settings = readSettings(cliEnv(fx.sim.env));

    const [obs] = await observeAll(settings, new EarlyList(settings.launchctlPath, settings.env), [resolveTarget(settings, null)]);

    expect(obs && unownedGateways(obs)).toEqual([]);
    expect(obs?.job?.record.pid).toBe(await fx.waitForPid());
    expect(obs && gatewayOf(obs)?.process.pid).toBe(pid);
  });
});
