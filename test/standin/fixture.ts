/** Helpers of the stand-in Hermes's own tests: a fake HOME (the simulator's) per test, and reads of
 * what the kernel knows of a process (its start time, its command line, the flocks it holds). */
import { readFileSync, statSync } from 'node:fs';
import { afterEach } from 'vitest';
import { waitFor } from '../sim/testkit.js';
import { createSimulator, type Simulator } from '../support/simulator.js';
import { readStandinEvents, type StandinEvent } from '../support/standin.js';

const sims: Simulator[] = [];

/** A simulator (its fake HOME, and its clean-up of every process a test leaves) stopped after the test. */
export async function simulator(): Promise<Simulator> {
  const sim = await createSimulator();
  sims.push(sim);
  return sim;
}

export function stopSimulatorsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((sim) => sim.stop()));
  });
}

/** The exit a gateway logged itself (no `signal` field). */
export function exitOf(home: string, pid: number, timeoutMs?: number): Promise<StandinEvent> {
  return waitFor(
    `the exit of ${pid}`,
    async () => (await readStandinEvents(home)).find((e) => e.type === 'exit' && e.pid === pid && e.signal === undefined),
    timeoutMs,
  );
}

/** The exit its reaper logged (startUnsupervisedGateway, or the stderr wrapper). */
export function reaped(home: string, pid: number): Promise<StandinEvent> {
  return waitFor(`${pid} to be reaped`, async () =>
    (await readStandinEvents(home)).find((e) => e.type === 'exit' && e.pid === pid && e.signal !== undefined),
  );
}

export function eventOf(home: string, type: StandinEvent['type'], pid?: number): Promise<StandinEvent> {
  return waitFor(`a ${type} event${pid === undefined ? '' : ` of ${pid}`}`, async () =>
    (await readStandinEvents(home)).find((e) => e.type === type && (pid === undefined || e.pid === pid)),
  );
}

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Field 22 of /proc/<pid>/stat. */
export function procStartTime(pid: number): number {
  return Number(statFields(pid)[19]);
}

export function procParent(pid: number): number {
  return Number(statFields(pid)[1]);
}

export function procArgv(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}

/** The pids holding an flock on `path` (from /proc/locks). */
export function flockHolders(path: string): number[] {
  const inode = statSync(path).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === 'FLOCK' && Number(f[5]?.split(':')[2]) === inode)
    .map((f) => Number(f[4]));
}

/** The `ps -o pid,ppid,args` line of a process, as the report shows it. */
export function psLine(pid: number): string {
  return `${pid} ${procParent(pid)} ${procArgv(pid).join(' ')}`;
}
