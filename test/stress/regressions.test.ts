/**
 * Minimal sequences the stress run found, replayed as they were printed (older ones, found before
 * the run picked a Hermes install, against each). The deterministic version of each bug is an
 * integration test beside the behaviour it is about.
 */
import { describe, it } from 'vitest';
import { runSequence } from './sequence.js';
import { HERMES_SHAPES } from './steps.js';

describe('stress regressions', () => {
  // test/integration/booting.test.ts: a respawned gateway still booting was reported as running.
  for (const hermes of HERMES_SHAPES) {
    it(`repair right after a crash waits for the respawned gateway to say running (Hermes ${hermes})`, async () => {
      await runSequence({
        hermes,
        steps: [
          { kind: 'op', call: { op: 'repair', via: 'engine' } },
          { kind: 'inject', command: 'bootout', exit: 37, times: 2 },
          { kind: 'concurrent', calls: [{ op: 'start', via: 'engine' }, { op: 'stop', via: 'cli' }] },
          { kind: 'crash', target: 'gateway' },
          { kind: 'op', call: { op: 'repair', via: 'engine' } },
        ],
      });
    });
  }

  // test/integration/repair.test.ts: a respawn's gateway started after repair's look and outlived
  // its wrapper; the job was loaded again beside it.
  it('a gateway the look did not see is stopped before a reload loads the job again', async () => {
    await runSequence({
      hermes: '0.21',
      steps: [
        { kind: 'op', call: { op: 'start', via: 'engine' } },
        { kind: 'slow-bootout', ms: 100 },
        { kind: 'plist', damage: 'old-install' },
        { kind: 'crash', target: 'launchd' },
        { kind: 'op', call: { op: 'repair', via: 'engine' } },
      ],
    });
  });

  // test/unit/processes.test.ts: a gateway's exit watcher, between its spawn and its exec, shows
  // the gateway's command line; the judge (and the engine's scan) took it for a second gateway.
  it("a gateway's own child is no second gateway (Hermes 0.18)", async () => {
    await runSequence({
      hermes: '0.18',
      steps: [
        { kind: 'op', call: { op: 'start', via: 'engine' } },
        { kind: 'kill-cli', op: 'stop', afterMs: 197 },
        { kind: 'login' },
        { kind: 'gateway', behaviour: 'normal' },
        { kind: 'slow-bootout', ms: 727 },
      ],
    });
  });

  // test/integration/restart.test.ts: a gateway that ignores SIGUSR1 and SIGTERM was restarted
  // with `kickstart -k`, which killed only its wrapper and spawned the job beside it.
  it('restart of a wedged gateway stops it before launchd starts the next', async () => {
    await runSequence({
      hermes: '0.21',
      steps: [
        { kind: 'gateway', behaviour: 'wedged' },
        { kind: 'op', call: { op: 'start', via: 'engine' } },
        { kind: 'op', call: { op: 'restart', via: 'engine' } },
      ],
    });
  });

  // A harness bug, not the engine's: the login step logged in again while the last session's
  // (slow) bootout was still pending, so launchd ended a gateway after start had rightly found it.
  it('a login waits for the last session to end before launchd and the app start again', async () => {
    await runSequence({
      hermes: '0.21',
      steps: [
        { kind: 'op', call: { op: 'start', via: 'engine' } },
        { kind: 'slow-bootout', ms: 643 },
        { kind: 'plist', damage: 'delete' },
        { kind: 'login' },
        { kind: 'op', call: { op: 'start', via: 'engine' } },
        { kind: 'op', call: { op: 'start', via: 'engine' } },
      ],
    });
  });

  // A harness bug, not the engine's: a gateway killed after its wrapper died has no reaper to log
  // its exit; its exit watcher logs it half a second later, so stop's promise was judged from a
  // log that still showed the gateway it had just killed running.
  it('stop kills a gateway that outlived its job; the logs are judged once they have its end', async () => {
    await runSequence({
      hermes: '0.21',
      steps: [
        { kind: 'gateway', behaviour: 'hang-on-term' },
        { kind: 'concurrent', calls: [{ op: 'start', via: 'engine' }, { op: 'stop', via: 'cli' }] },
      ],
    });
  });
});
