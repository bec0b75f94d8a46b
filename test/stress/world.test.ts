/** The stress run's world models the machine faithfully where the engine cannot tell the difference. */
import { describe, expect, it } from 'vitest';
import { gatewayIntervals, overlappingGateways } from '../support/invariants.js';
import type { HermesShape } from '../support/standin.js';
import { atMostOneGateway, keptPromise, withoutFaultOrphans } from './checks.js';
import { settledIntervals } from './sequence.js';
import { pollUntil } from '../../electron/service/wait.js';
import { isGatewayProcess, isProcessAlive, World } from './world.js';

async function withWorld(hermes: HermesShape, body: (world: World) => Promise<void>): Promise<void> {
  const world = await World.create(hermes);
  try {
    await body(world);
  } finally {
    await world.dispose();
  }
}

async function startedPid(world: World): Promise<number> {
  const started = await world.runEngine('start');
  if (!started.response?.ok || started.response.status.pid === null) throw new Error(`start failed: ${JSON.stringify(started.response)}`);
  return started.response.status.pid;
}

describe('stress world', () => {
  it('a login begins only after the last session ended, even when its bootout is slow', async () => {
    await withWorld('0.21', async (world) => {
      const pid = await startedPid(world);
      await world.slowBootout(643);
      await world.login();
      expect(world.liveGateways().map((g) => g.pid)).not.toContain(pid);
    });
  });

  it('a logout ends the session even when an injected failure refuses its bootout', async () => {
    await withWorld('0.21', async (world) => {
      const pid = await startedPid(world);
      await world.inject('bootout', 5, 2);
      await world.login();
      expect(world.liveGateways().map((g) => g.pid)).not.toContain(pid);
    });
  });

  it('a logout ends what outlived its job too: a gateway that ignores SIGTERM after launchd killed its wrapper', async () => {
    await withWorld('0.21', async (world) => {
      await world.gatewayBehaviour('hang-on-term');
      const pid = await startedPid(world);
      await world.login();
      expect(world.liveGateways().map((g) => g.pid)).not.toContain(pid);
    });
  });

  it("counts gateways by Hermes's rule: the stderr wrapper is none; -I -c and -m gateways are", () => {
    const bootstrap = "import sys; sys.path.insert(0, '/r'); from hermes_cli.main import main";
    const wrapper = ['/py', '-I', '-c', bootstrap, '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', '/e', '--', '/r/.hermes/bin/hermes', 'gateway', 'run'];
    expect(isGatewayProcess(wrapper)).toBe(false);
    expect(isGatewayProcess(['/py', '-I', '-c', bootstrap, 'gateway', 'run', '--external-supervisor'])).toBe(true);
    expect(isGatewayProcess(['/venv/bin/python', '-m', 'hermes_cli.main', '--profile', 'work', 'gateway', 'run', '--replace'])).toBe(true);
    expect(isGatewayProcess(['/venv/bin/python3', '/venv/bin/hermes', 'gateway', 'run'])).toBe(true);
    expect(isGatewayProcess(['/venv/bin/python3', '/venv/bin/hermes', 'gateway', 'status'])).toBe(false);
    expect(isGatewayProcess(['/usr/bin/python3', '/opt/payments/gateway', 'run'])).toBe(false);
  });

  it("the crash of launchd's process (0.21: the wrapper) leaves its gateway a fault's orphan: not a second gateway beside launchd's respawn, still one stop must end", async () => {
    await withWorld('0.21', async (world) => {
      await world.gatewayBehaviour('hang-on-term');
      const pid = await startedPid(world);
      const wrapper = await world.launchdPid();
      expect(wrapper).not.toBe(pid);
      await world.crash('launchd');
      // launchd SIGTERMs the group (ignored here) and respawns the job; its gateway finds the lock taken.
      expect(world.liveGateways().find((g) => g.pid === pid)?.orphanOfFault).toBe(true);
      expect(world.faultEndedJobs.has(wrapper ?? -1)).toBe(true);
      expect(atMostOneGateway(world.liveGateways())).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const events = await world.standinEvents();
      const intervals = gatewayIntervals(await world.sim.events(), events);
      expect(overlappingGateways(withoutFaultOrphans(intervals, events, world.faultEndedJobs))).toEqual([]);
      // the orphan still counts for stop's promise: stop must end it
      const stopped = await world.runEngine('stop');
      expect(stopped.response?.ok).toBe(true);
      const { intervals: after } = await settledIntervals(world);
      expect(keptPromise(stopped, after, world.home, world.liveGateways())).toEqual([]);
      expect(world.liveGateways()).toEqual([]);
    });
  });

  it('`hermes gateway start` beside a gateway that outlived its job (a stop killed half-way): Hermes loads the job, that gateway is the fault\'s', async () => {
    await withWorld('0.21', async (world) => {
      await world.gatewayBehaviour('hang-on-term');
      const pid = await startedPid(world);
      const wrapper = await world.launchdPid();
      await world.sim.launchctl(['bootout', `gui/${world.sim.uid}/ai.hermes.gateway`]);
      // launchd answers bootout at once and SIGKILLs the wrapper after its ExitTimeOut; the gateway stays.
      await pollUntil(() => (wrapper !== null && isProcessAlive(wrapper) ? undefined : true), 60_000, 20);
      expect(world.liveGateways()).toEqual([{ pid, ppid: expect.any(Number), argv: expect.any(Array), orphanOfFault: false }]);
      await world.hermesGatewayStart();
      expect(world.liveGateways().find((g) => g.pid === pid)?.orphanOfFault).toBe(true);
      expect(atMostOneGateway(world.liveGateways())).toEqual([]);
    });
  });

  it('`hermes gateway start` booting out a job launchd was respawning when the step began: what outlives that job is the fault\'s too', async () => {
    await withWorld('0.21', async (world) => {
      await world.gatewayBehaviour('hang-on-term');
      const first = await startedPid(world);
      const firstJob = await world.launchdPid();
      await world.damagePlist('delete');
      // The gateway dies; launchd's respawn sits in xpcproxy (no pid) as the step begins.
      await world.sim.inject({ command: 'spawn', delayMs: 400 });
      process.kill(first, 'SIGKILL');
      await pollUntil(() => (firstJob !== null && isProcessAlive(firstJob) ? undefined : true), 10_000, 10);
      // Hermes's bootout goes out only once the respawn's gateway runs (its Python start takes over a
      // second when the full suite loads the machine); that gateway ignores the SIGTERM.
      await world.sim.inject({ command: 'bootout', delayMs: 3_000 });
      await world.hermesGatewayStart();
      expect(world.liveGateways().some((g) => g.pid !== first && g.orphanOfFault)).toBe(true);
      expect(atMostOneGateway(world.liveGateways())).toEqual([]);
      const { intervals, events } = await settledIntervals(world);
      expect(overlappingGateways(withoutFaultOrphans(intervals, events, world.faultEndedJobs))).toEqual([]);
    });
  });

  it("an older install's plist is Hermes's own while its install is in place; an upgrade that moves that install makes it unusable", async () => {
    await withWorld('0.21-nostore', async (world) => {
      await world.damagePlist('old-install');
      const older = await world.plistBytes();
      expect(world.isHermesOwn(older)).toBe(true);
      expect(older?.toString()).toContain(world.olderInstall.root);
      await world.moveInstall('move');
      expect(world.isHermesOwn(older)).toBe(false);
      await world.moveInstall('restore');
      expect(world.isHermesOwn(older)).toBe(true);
    });
  });

  it("`hermes gateway start` rewrites the older install's plist into the installed Hermes's own and loads it", async () => {
    await withWorld('0.18', async (world) => {
      await world.damagePlist('old-install');
      await world.hermesGatewayStart();
      const plist = await world.plistBytes();
      expect(plist?.toString()).toBe(world.hermesPlist);
      expect((await world.sim.launchctl(['print', `gui/${world.sim.uid}/ai.hermes.gateway`])).exit).toBe(0);
    });
  });
});
