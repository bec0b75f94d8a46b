/**
 * Minimal sequences the stress run found, replayed as they were printed. The deterministic
 * version of each bug is an integration test beside the behaviour it is about.
 */
import { describe, it } from 'vitest';
import { runSequence } from './sequence.js';

describe('stress regressions', () => {
  // test/integration/booting.test.ts: a respawned gateway still booting was reported as running.
  it('repair right after a crash waits for the respawned gateway to say running', async () => {
    await runSequence([
      { kind: 'op', call: { op: 'repair', via: 'engine' } },
      { kind: 'inject', command: 'bootout', exit: 37, times: 2 },
      { kind: 'concurrent', calls: [{ op: 'start', via: 'engine' }, { op: 'stop', via: 'cli' }] },
      { kind: 'crash' },
      { kind: 'op', call: { op: 'repair', via: 'engine' } },
    ]);
  });
});
