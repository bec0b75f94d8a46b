/**
 * Serializes operations on one label (DESIGN.md rule 4): a lock file across processes, with
 * recovery from a lock whose owner died, and single-flight joining inside one process.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from './errors.js';
import { isAlive } from './processes.js';
import { sleep } from './wait.js';

interface LockOwner {
  pid: number;
  token: string;
  operation: string;
  since: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

const RETRY_MS = 25;
/** A takeover marker is only ever held for a few file operations. */
const TAKEOVER_STALE_MS = 5_000;

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof data === 'object' && data !== null && typeof (data as LockOwner).pid === 'number') return data as LockOwner;
  } catch {
    // unreadable or half-written: judged by age below
  }
  return null;
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(owner));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes the lock if its owner is dead. Only one process may judge a stale lock at a time (the
 * takeover marker), so two waiters never both remove it and one of them a fresh lock.
 */
async function clearIfStale(file: string): Promise<void> {
  const owner = await readOwner(file);
  const dead = owner ? !isAlive(owner.pid) : (await ageMs(file)) > TAKEOVER_STALE_MS;
  if (!dead) return;
  const marker = `${file}.takeover`;
  if ((await ageMs(marker)) > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
  const me: LockOwner = { pid: process.pid, token: randomUUID(), operation: 'takeover', since: Date.now() };
  if (!(await tryCreate(marker, me))) return;
  try {
    const again = await readOwner(file);
    if (again?.token === owner?.token) {
      // Move aside rather than unlink, so the judged file is the one that goes.
      const aside = `${file}.${me.token}.stale`;
      await rename(file, aside).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
    }
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

export async function acquireLock(file: string, operation: string, waitMs: number): Promise<HeldLock> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  const me: LockOwner = { pid: process.pid, token: randomUUID(), operation, since: Date.now() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await tryCreate(file, me)) break;
    await clearIfStale(file);
    if (Date.now() > deadline) {
      const owner = await readOwner(file);
      throw new ServiceError({
        code: 'lock-timeout',
        message: `Another operation (${owner?.operation ?? 'unknown'}, pid ${owner?.pid ?? '?'}) is still running on this gateway`,
        explanation: 'Hermes Bar runs one operation at a time per gateway, across the app and the command line.',
        nextStep: 'Wait for it to finish and try again.',
      });
    }
    await sleep(RETRY_MS);
  }
  return {
    async release() {
      const owner = await readOwner(file);
      if (owner?.token === me.token) await unlink(file).catch(() => undefined);
    },
  };
}

/**
 * In one process: the same request while one is in flight joins it; different requests on the
 * same key run one after another.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(key: string, request: string, work: () => Promise<T>): Promise<T> {
    const id = `${key}\0${request}`;
    const joined = this.inFlight.get(id);
    if (joined) return joined as Promise<T>;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.finally(() => {
      if (this.inFlight.get(id) === next) this.inFlight.delete(id);
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    const tail = settled.catch(() => undefined);
    this.inFlight.set(id, next);
    this.queues.set(key, tail);
    return next;
  }
}
