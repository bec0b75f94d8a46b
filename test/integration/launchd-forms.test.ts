/**
 * launchd's real forms end to end: the simulator brought to the states of ../shared/real-output/
 * (a spawn macOS refuses, xpcproxy, a failed spawn, crash loops with and without a process) and
 * what `hermes-bar status --json` and the operations make of them; a bootout answering 36; an
 * error whose first line is `Bad request.`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/service/types.js';
import { isAlive } from '../../electron/service/processes.js';
import { sleep } from '../../electron/service/wait.js';
import { readRealOutput, shapeDifferences } from '../support/real-output.js';
import { writeStandinConfig } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, GUI, LABEL } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

const codes = (status: GatewayStatus): string[] => status.problems.map((p) => p.code);

/** Looks until `ready` holds for the status (each look is one `hermes-bar status --json`). */
async function statusWhen(ready: (status: GatewayStatus) => boolean, what: string, timeoutMs = 60_000): Promise<GatewayStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fx.status();
    if (ready(status)) return status;
    if (Date.now() > deadline) throw new Error(`status never showed ${what}: ${JSON.stringify(status)}`);
    await sleep(50);
  }
}

/** What launchctl prints of the job, once it is in `state` (the first print in that state). */
async function printed(state?: string): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    const { stdout } = await fx.sim.launchctl(['print', fx.target]);
    if (state === undefined || stdout.includes(`\n\tstate = ${state}\n`)) return stdout;
    await sleep(20);
  }
  throw new Error(`the job never printed state = ${state}`);
}

/** A running gateway, then launchd's next spawns go as `rule` says (KeepAlive respawns it once it is killed). */
async function respawnUnder(rule: { exitReason?: string; exit?: number; delayMs?: number }): Promise<number> {
  const pid = (await fx.ok('start')).status.pid as number;
  await fx.sim.inject({ command: 'spawn', match: LABEL, times: 1000, ...rule });
  process.kill(pid, 'SIGKILL');
  return pid;
}

describe('launchd states as real Macs print them, through the CLI', () => {
  it('a spawn macOS refuses (OS_REASON_CODESIGNING): crashed with the refusal and its next step, and start says so', async () => {
    fx = await fixture();
    await respawnUnder({ exitReason: 'OS_REASON_CODESIGNING' });
    const status = await statusWhen((s) => s.problems.some((p) => p.code === 'spawn-refused'), 'the refusal');
    expect(status).toMatchObject({ state: 'crashed', pid: null, lastExitCode: null });
    expect(status.lastExitMeaning).toMatch(/^OS_REASON_CODESIGNING: .*code signature/);
    expect(status.problems.find((p) => p.code === 'spawn-refused')?.nextStep).toMatch(/Reinstall Hermes/);
    expect(shapeDifferences(readRealOutput('print-18-clipulse-codesigning-exit-reason.txt'), await printed())).toEqual([]);
    const error = await fx.fails('start');
    expect(error).toMatchObject({ code: 'spawn-failed', message: expect.stringContaining('OS_REASON_CODESIGNING') });
    expect(error.nextStep).toMatch(/Reinstall Hermes/);
  });

  it('a start whose process macOS ends for memory fails saying so, as an exit (it was not refused)', async () => {
    fx = await fixture();
    await fx.sim.inject({ command: 'spawn', match: LABEL, times: 1000, exitReason: 'JETSAM_REASON_MEMORY_PERPROCESSLIMIT' });
    const error = await fx.fails('start');
    expect(error).toMatchObject({ code: 'gateway-exited', message: expect.stringMatching(/memory.*JETSAM_REASON_MEMORY_PERPROCESSLIMIT/) });
    const status = await fx.status();
    expect(status.state).toBe('crashed');
    expect(codes(status)).toEqual(['killed-for-memory']);
  });

  it('xpcproxy (spawned, not yet exec\'d): starting with no pid, not stopped', async () => {
    fx = await fixture();
    await fx.sim.inject({ command: 'spawn', match: LABEL, delayMs: 60_000 });
    await mkdir(path.join(fx.sim.hermesHome, 'logs'), { recursive: true });
    await writeFile(fx.plistPath, await fx.hermesPlist(), { mode: 0o644 });
    expect((await fx.sim.launchctl(['bootstrap', GUI, fx.plistPath])).exit).toBe(0);
    const status = await fx.status();
    expect(status).toMatchObject({ state: 'starting', pid: null, problems: [] });
    expect(shapeDifferences(readRealOutput('print-19-clipulse-xpcproxy.txt'), await printed())).toEqual([]);
  });

  it('a spawn launchd cannot make (78, job state = spawn failed): crashed with spawn-failed', async () => {
    fx = await fixture();
    await respawnUnder({ exit: 78 });
    const status = await statusWhen((s) => s.problems.some((p) => p.code === 'spawn-failed'), 'the failed spawn');
    expect(status).toMatchObject({ state: 'crashed', pid: null, lastExitCode: 78 });
    expect(status.lastExitMeaning).toBe('launchd could not start the program (exit 78)');
    expect(shapeDifferences(readRealOutput('print-14-btm-spawn-failed-78.tabs.txt'), await printed())).toEqual([]);
  });

  it('a crash loop: one crash first, a loop between two spawns, and still while a freshly respawned process runs; list says the same', { timeout: 180_000 }, async () => {
    // Each run lives shorter than the throttle (30 s × 0.05), so launchd waits between two spawns.
    fx = await fixture({ crashOnBoot: 1, bootMs: 300 }, { timeScale: 0.05 });
    await fx.loadByHand(await fx.hermesPlist());
    // No gateway and not starting: a look between two spawns (while Hermes's stderr wrapper runs
    // before its gateway appears, the job is rightly starting).
    const between = (s: GatewayStatus): boolean => s.pid === null && s.state !== 'starting';
    const once = await statusWhen((s) => between(s) && s.runs === 1, 'a look after the first crash');
    expect(once.state).toBe('crashed');
    expect(once.problems).toEqual([expect.objectContaining({ code: 'gateway-crashed', message: 'The gateway exited with code 1; launchd starts it again by itself.', nextStep: expect.stringMatching(/error log/) })]);
    const down = await statusWhen((s) => between(s) && (s.runs ?? 0) >= 5, 'a look between two spawns after five starts');
    expect(down.state).toBe('crashed');
    expect(codes(down)).toContain('crash-loop');
    expect(shapeDifferences(readRealOutput('print-03-mimi-spawn-scheduled-exit1.txt'), await printed('spawn scheduled'))).toEqual([]);
    const live = await statusWhen((s) => s.pid !== null && (s.runs ?? 0) >= 10, 'a look at a respawned process after ten starts', 120_000);
    expect(live.lastExitCode).toBe(1);
    expect(live.state).not.toBe('crashed');
    expect(codes(live)).toContain('crash-loop');
    expect(live.problems.find((p) => p.code === 'crash-loop')?.message).toMatch(/keeps crashing \(\d+ starts; last: exit 1\)/);
    // The next run stays up: launchd's list shows its pid and the last exit 1, and list, which
    // prints such a job for its counts, reports the loop as status does while the gateway is young.
    await writeStandinConfig(fx.sim.hermesHome, { bootMs: 100 });
    const up = await statusWhen((s) => s.state === 'running', 'a respawned gateway that stays up', 60_000);
    expect(codes(up)).toContain('crash-loop');
    const [row] = (await fx.run(['list', '--json'])).json as GatewayStatus[];
    expect(row).toMatchObject({ state: 'running', pid: up.pid, lastExitCode: 1 });
    expect(codes(row!)).toContain('crash-loop');
  });

  it('stop succeeds through a bootout that answers 36 (Operation now in progress)', async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid as number;
    await fx.sim.inject({ command: 'bootout', exit: 36, executed: true, stderr: 'Boot-out failed: 36: Operation now in progress' });
    const result = await fx.ok('stop');
    expect(result.status).toMatchObject({ state: 'stopped', pid: null });
    expect(isAlive(pid)).toBe(false);
    const bootouts = (await fx.sim.events()).filter((e) => e.type === 'command' && e.argv[0] === 'bootout');
    expect(bootouts.map((e) => (e.type === 'command' ? e.exit : null))).toEqual([36]);
  });

  it('an error whose first line is `Bad request.` is reported by the line that says what happened', async () => {
    fx = await fixture();
    await fx.sim.inject({ command: 'print', exit: 150, stderr: 'Bad request.\nOperation not permitted while System Integrity Protection is engaged', times: 10 });
    const result = await fx.run(['status', '--json']);
    expect(result.exitCode).toBe(1);
    const { error } = result.json as { error: { code: string; message: string; explanation: string } };
    expect(error.code).toBe('launchctl-failed');
    expect(error.message).toBe('launchctl print failed with 150: Operation not permitted while System Integrity Protection is engaged');
    expect(error.explanation).toContain('Operation not permitted');
  });

  it('a job not loaded (print answers 113 after `Bad request.`) reads as stopped, calm, with no pid or exit', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    const print = await fx.sim.launchctl(['print', fx.target]);
    expect(print.exit).toBe(113);
    expect(print.stderr.split('\n')[0]).toBe('Bad request.');
    const status = await fx.status();
    // Stopped on purpose with its plist in place: launchd has no job, so no runs, pid or exit to show.
    expect(status).toMatchObject({ state: 'stopped', pid: null, runs: null, lastExitCode: null, problems: [] });
  });
});
