import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, SingleFlight } from '../../electron/service/lock.js';
import { ServiceError } from '../../electron/service/errors.js';

function lockFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'hb-lock-')), 'x.lock');
}

/** A pid that is certainly not running. */
const DEAD_PID = 2 ** 22 + 12345;

describe('the cross-process lock', () => {
  it('is exclusive and released', async () => {
    const file = lockFile();
    const held = await acquireLock(file, 'start', 1000);
    await expect(acquireLock(file, 'stop', 100)).rejects.toMatchObject({ info: { code: 'lock-timeout' } });
    await held.release();
    expect(existsSync(file)).toBe(false);
    await (await acquireLock(file, 'stop', 100)).release();
  });

  it('recovers a lock left by a dead process', async () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: DEAD_PID, token: 't', operation: 'restart', since: 0 }));
    const held = await acquireLock(file, 'start', 2000);
    await held.release();
  });

  it('lets exactly one of many waiters in at a time', async () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: DEAD_PID, token: 't', operation: 'restart', since: 0 }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const held = await acquireLock(file, 'op', 10_000);
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside -= 1;
        await held.release();
      }),
    );
    expect(most).toBe(1);
  });

  it('names the holder when it times out', async () => {
    const file = lockFile();
    const held = await acquireLock(file, 'restart', 100);
    const error = await acquireLock(file, 'stop', 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain('restart');
    await held.release();
  });
});

describe('single flight', () => {
  it('joins the same request and queues different ones', async () => {
    const flights = new SingleFlight();
    const order: string[] = [];
    let restarts = 0;
    const restart = () =>
      flights.run('label', 'restart', async () => {
        restarts += 1;
        order.push('restart');
        await new Promise((r) => setTimeout(r, 20));
        return restarts;
      });
    const results = await Promise.all([...Array.from({ length: 10 }, restart), flights.run('label', 'stop', async () => order.push('stop'))]);
    expect(restarts).toBe(1);
    expect(results.slice(0, 10)).toEqual(Array(10).fill(1));
    expect(order).toEqual(['restart', 'stop']);
    await restart();
    expect(restarts).toBe(2);
  });

  it('keeps going after a failure', async () => {
    const flights = new SingleFlight();
    await expect(flights.run('l', 'a', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(flights.run('l', 'a', async () => 1)).resolves.toBe(1);
  });
});
