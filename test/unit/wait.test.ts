import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../electron/service/wait.js';

describe('pollUntil', () => {
  it('looks again as soon as a watched file changes, long before the next poll', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-wait-'));
    const file = path.join(dir, 'gateway.pid');
    let probes = 0;
    const waiting = pollUntil(
      () => {
        probes += 1;
        return existsSync(file) ? 'seen' : undefined;
      },
      20_000,
      60_000,
      [{ dir, names: ['gateway.pid'] }],
    );
    writeFileSync(path.join(dir, 'unrelated.log'), 'x');
    setTimeout(() => writeFileSync(file, '42'), 100);
    await expect(waiting).resolves.toBe('seen');
    expect(probes).toBeLessThanOrEqual(3);
  });

  it('gives up at the deadline with undefined', async () => {
    await expect(pollUntil(() => undefined, 50, 10)).resolves.toBeUndefined();
  });
});
