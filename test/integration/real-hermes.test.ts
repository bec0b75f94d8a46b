/**
 * Hermes Bar beside the real Hermes (issue 12): Hermes's own CLI rewriting its definition between
 * the app's operations never starts a rewrite ping-pong; under a 0.21 plist the gateway behind the
 * stderr wrapper is judged, timed and told from a duplicate; 0.18 and an install without a store
 * Python get what their Hermes writes, and their gateways stay up.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { OperationResult } from '../../electron/service/types.js';
import { sleep } from '../../electron/service/wait.js';
import { handPlist } from '../support/hand-plist.js';
import { hermesGatewayStart, hermesNormalized } from '../support/hermes-cli.js';
import { nowMicros } from '../support/invariants.js';
import type { HermesShape } from '../support/standin.js';
import { startUnsupervisedGateway, writeStandinConfig } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, LABEL } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

/** The app's rewrites of a file that was there (a "Wrote …" of anything but a missing file). */
function appRewrites(result: OperationResult): number {
  return result.actions.filter((action) => /^Wrote .*\((?!missing)/.test(action)).length;
}

describe("Hermes's own CLI between the app's operations", () => {
  it.each<[HermesShape]>([['0.21'], ['0.21-nostore'], ['0.18']])(
    '%s: start, restart, repair, stop, uninstall and set-up again, each followed by `hermes gateway start`: no rewrite by either side, never two gateways',
    async (shape) => {
      fx = await fixture({}, {}, { shape });
      const home = fx.sim.hermesHome;
      let rewrites = 0;
      const texts = new Set<string>();
      const step = async (operation: 'start' | 'restart' | 'repair' | 'stop' | 'uninstall'): Promise<void> => {
        const run = await fx.run(operation === 'uninstall' ? ['uninstall', '--yes', '--json'] : [operation, '--json']);
        expect(run.exitCode, run.stdout + run.stderr).toBe(0);
        const result = run.json as OperationResult;
        rewrites += appRewrites(result);
        const hermes = await hermesGatewayStart(fx.sim, fx.install, home);
        if (hermes === 'rewrote') rewrites += 1;
        texts.add(hermesNormalized(readFileSync(fx.plistPath, 'utf8')));
      };
      for (const operation of ['start', 'restart', 'repair', 'stop', 'uninstall', 'repair'] as const) await step(operation);
      expect(rewrites).toBe(0);
      // One text all along: what the installed Hermes writes.
      expect([...texts]).toEqual([hermesNormalized(await fx.hermesPlist())]);
      const status = await fx.status();
      expect(status.state).toBe('running');
      expect(status.problems).toEqual([]);
    },
  );

  it("an older Hermes Bar's plist is Hermes's to rewrite, once; the app never rewrites it back", async () => {
    fx = await fixture();
    await fx.loadByHand(handPlist(LABEL, fx.sim.hermesHome, null, fx.launcher));
    await fx.waitForGateway();
    let rewrites = 0;
    for (const operation of ['start', 'restart', 'repair', 'restart', 'start'] as const) {
      rewrites += appRewrites(await fx.ok(operation));
      if ((await hermesGatewayStart(fx.sim, fx.install, fx.sim.hermesHome)) === 'rewrote') rewrites += 1;
    }
    expect(rewrites).toBe(1);
    expect(hermesNormalized(readFileSync(fx.plistPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesPlist()));
  });
});

describe('the gateway behind the stderr wrapper (0.21)', () => {
  it('status: running, with the gateway’s pid and an uptime read from its process', async () => {
    fx = await fixture();
    await fx.ok('start');
    const launchd = await fx.waitForPid();
    const gateway = await fx.waitForGateway();
    const first = await fx.status();
    expect(first).toMatchObject({ state: 'running', pid: gateway, duplicates: [], problems: [] });
    expect(gateway).not.toBe(launchd);
    expect(first.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(first.uptimeMs).toBeLessThan(120_000);
    await sleep(1_200);
    const later = await fx.status();
    expect((later.uptimeMs ?? 0) - (first.uptimeMs ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('a second gateway started by hand with a `-I -c` launcher (another bot token, the lock file deleted under the first) is a duplicate; repair stops it and keeps the supervised one', async () => {
    fx = await fixture();
    const supervised = (await fx.ok('start')).status.pid as number;
    // With the same token the second would exit 78 at once (its token lock is taken), and with the
    // lock file in place it would exit 1: a live duplicate needs both to differ.
    await writeStandinConfig(fx.sim.hermesHome, { token: 'another-bot' });
    unlinkSync(path.join(fx.sim.hermesHome, 'gateway.lock'));
    const byHand = fx.install.runtimeCommand('hermes_cli.main', ['gateway', 'run']);
    if (!byHand) throw new Error('0.21 has a runtime command');
    const stray = await startUnsupervisedGateway(fx.sim.env, byHand);
    await fx.waitForGateway(supervised);
    const status = await fx.status();
    expect(status.pid).toBe(supervised);
    expect(status.duplicates).toEqual([stray]);
    expect(status.problems.map((p) => p.code)).toEqual(['duplicate-gateways']);
    expect((await fx.fails('restart')).code).toBe('duplicate-gateways');

    const repaired = await fx.ok('repair');
    // The duplicate was made on purpose above; from here on there must be one gateway.
    fx.since = nowMicros();
    expect(isAlive(stray)).toBe(false);
    expect(repaired.status).toMatchObject({ state: 'running', pid: supervised, duplicates: [] });
    // The stray took gateway.pid and removed it as it stopped: the supervised gateway is known by its process.
    expect((await fx.status()).pid).toBe(supervised);
  });
});

describe('other installs', () => {
  it('0.18: start with no plist writes 0.18’s layout (no flag 0.18 rejects) and runs a gateway that stays up', async () => {
    fx = await fixture({}, {}, { shape: '0.18' });
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    const plist = readFileSync(fx.plistPath, 'utf8');
    expect(plist).not.toContain('--external-supervisor');
    expect(plist).toContain('<string>--replace</string>');
    expect(hermesNormalized(plist)).toBe(hermesNormalized(await fx.hermesPlist()));
    await sleep(2_000);
    const later = await fx.status();
    expect(later).toMatchObject({ state: 'running', pid: result.status.pid, runs: 1 });
  });

  it('0.21 without a store Python: start writes Hermes’s own `-I -c` commands and runs', async () => {
    fx = await fixture({}, {}, { shape: '0.21-nostore' });
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    const plist = readFileSync(fx.plistPath, 'utf8');
    expect(plist).toContain('<string>-I</string>');
    expect(hermesNormalized(plist)).toBe(hermesNormalized(await fx.hermesPlist()));
  });
});
