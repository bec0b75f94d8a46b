/**
 * The 0.18 stand-in as launchd's job (no wrapper: launchd's pid is the gateway), with the plist
 * real Hermes 0.18 writes (../shared/real-hermes/0.18/a-default.ai.hermes.gateway.plist), and the
 * invariant of every integration test (two gateways of a home never alive at once) over it.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../sim/testkit.js';
import type { SpawnEvent } from '../sim/types.js';
import { assertNeverTwoGateways } from '../support/invariants.js';
import type { Simulator } from '../support/simulator.js';
import { installHermes, readStandinEvents, writeStandinConfig, type HermesInstall, type HermesPidRecord } from '../support/standin.js';
import { exitOf, procArgv, procStartTime, simulator, stopSimulatorsAfterEach } from './fixture.js';

stopSimulatorsAfterEach();

/** real-hermes 0.18's plist for the default home, its /Users/old paths made this test's, under `label`. */
async function loadRealPlist(sim: Simulator, install: HermesInstall, label = 'ai.hermes.gateway', replace = true): Promise<void> {
  let text = readFileSync(join('..', 'shared', 'real-hermes', '0.18', 'a-default.ai.hermes.gateway.plist'), 'utf8')
    .replaceAll('/Users/old/.hermes/hermes-agent', install.root)
    .replaceAll('/Users/old', sim.home)
    .replace('<string>ai.hermes.gateway</string>', `<string>${label}</string>`);
  if (!replace) text = text.replace('        <string>--replace</string>\n', '');
  const path = join(sim.agentsDir, `${label}.plist`);
  await writeFile(path, text, { mode: 0o644 });
  await mkdir(join(sim.hermesHome, 'logs'), { recursive: true });
  const loaded = await sim.launchctl(['bootstrap', `gui/${sim.uid}`, path]);
  expect(loaded.exit, loaded.stderr).toBe(0);
}

async function spawnOf(sim: Simulator, label: string): Promise<SpawnEvent> {
  return waitFor(`launchd to spawn ${label}`, async () =>
    (await sim.events()).find((e): e is SpawnEvent => e.type === 'spawn' && e.label === label),
  );
}

describe('0.18 stand-in under the launchd simulator', () => {
  it("launchd's pid is the gateway: python -m hermes_cli.main; restarts through SIGUSR1 and KeepAlive, never two at once", async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.18' });
    await writeStandinConfig(sim.hermesHome, { bootMs: 50 });
    await loadRealPlist(sim, install);
    const first = (await spawnOf(sim, 'ai.hermes.gateway')).pid;
    await waitFor('it to run', async () => (await readStandinEvents(sim.hermesHome)).some((e) => e.type === 'running' && e.pid === first));
    expect(procArgv(first)).toEqual([install.python, '-m', 'hermes_cli.main', 'gateway', 'run', '--replace']);
    expect(JSON.parse(readFileSync(join(sim.hermesHome, 'gateway.pid'), 'utf8'))).toEqual({
      pid: first,
      kind: 'hermes-gateway',
      argv: [join(install.root, 'hermes_cli', 'main.py'), 'gateway', 'run', '--replace'],
      start_time: procStartTime(first),
    } satisfies HermesPidRecord);

    expect((await sim.launchctl(['kill', 'USR1', `gui/${sim.uid}/ai.hermes.gateway`])).exit).toBe(0);
    expect((await exitOf(sim.hermesHome, first)).code).toBe(75);
    const second = await waitFor('a second gateway', async () =>
      (await readStandinEvents(sim.hermesHome)).find((e) => e.type === 'running' && e.pid !== first)?.pid,
    );
    expect(second).not.toBe(first);
    expect(readFileSync(join(sim.hermesHome, 'logs', 'gateway.log'), 'utf8')).toContain('gateway_state running');
    assertNeverTwoGateways(await sim.events(), await readStandinEvents(sim.hermesHome));
  });

  it('a second label for the same home is a duplicate (exit 1 on gateway.lock): the invariant catches it', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.18' });
    await writeStandinConfig(sim.hermesHome, { bootMs: 0 });
    await loadRealPlist(sim, install);
    await waitFor('the first to run', async () => (await readStandinEvents(sim.hermesHome)).some((e) => e.type === 'running'));
    await loadRealPlist(sim, install, 'ai.hermes.gateway-copy', false);
    await waitFor('the duplicate to exit 1', async () =>
      (await sim.events()).some((e) => e.type === 'exit' && e.label === 'ai.hermes.gateway-copy' && e.code === 1),
    );
    expect(readFileSync(join(sim.hermesHome, 'logs', 'gateway.error.log'), 'utf8')).toMatch(/Gateway already running \(PID \d+\)/);
    const [simEvents, standinEvents] = [await sim.events(), await readStandinEvents(sim.hermesHome)];
    expect(() => assertNeverTwoGateways(simEvents, standinEvents)).toThrow(/Two gateways of the same HERMES_HOME/);
  });
});
