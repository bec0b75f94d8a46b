/**
 * A look reads systemd and the process table side by side. systemd may start the gateway between
 * the two: the look must not take systemd's own new gateway for a second one.
 */
import { afterEach, expect, it } from 'vitest';
import { readSettings } from '../../electron/service/settings.js';
import { Systemctl } from '../../electron/service/systemd/systemctl.js';
import { observe } from '../../electron/service/systemd/observe.js';
import { unownedGateways } from '../../electron/service/systemd/status.js';
import { resolveTarget } from '../../electron/service/target.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

/** Answers its first show as systemd did an instant before it forked the gateway. */
class EarlySystemctl extends Systemctl {
  shows = 0;

  override async show(unit: string): Promise<UnitRecord> {
    const record = await super.show(unit);
    this.shows += 1;
    return this.shows > 1 ? record : { ...record, activeState: 'activating', subState: 'start', mainPid: null };
  }
}

describeSystemd('a look racing systemd', () => {
  it("counts a gateway systemd started after its record was read as systemd's", async () => {
    fx = await systemdFixture();
    const pid = (await fx.ok('start')).status.pid as number;
    const settings = readSettings(fx.env);
    const systemctl = new EarlySystemctl(settings.systemctlPath, settings.env);

    const obs = await observe(settings, systemctl, resolveTarget(settings, null));

    expect(unownedGateways(obs)).toEqual([]);
    expect(obs.record?.mainPid).toBe(pid);
    expect(systemctl.shows).toBe(2);
  });
});
