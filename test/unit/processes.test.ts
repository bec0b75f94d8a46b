import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { homeOfProcess } from '../../electron/service/home-state.js';
import type { GatewayProcess } from '../../electron/service/processes.js';
import { findGatewayProcesses, looksLikeGateway, parsePs, procStartTicks, startMatches } from '../../electron/service/processes.js';
import { pollUntil } from '../../electron/service/wait.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-processes-'));
const launcher = path.join(dir, 'bin', 'hermes');
// node <script> <launcher> gateway run: a command line Hermes's rule takes for a gateway.
const script = path.join(dir, 'gateway.mjs');
writeFileSync(script, 'setInterval(() => {}, 1000);\n');
const children: number[] = [];

/** Starts a gateway-looking process with `env` and returns how the process table describes it. */
async function gatewayWith(env: Record<string, string>): Promise<GatewayProcess | undefined> {
  const child = spawn(process.execPath, [script, launcher, 'gateway', 'run'], { env, stdio: 'ignore' });
  children.push(child.pid as number);
  return pollUntil(async () => (await findGatewayProcesses()).find((g) => g.pid === child.pid), 10_000, 50);
}

describe('findGatewayProcesses', () => {
  afterAll(() => {
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('reads a live gateway’s argv and HERMES_HOME from /proc', async () => {
    const home = path.join(dir, 'home');
    const found = await gatewayWith({ HERMES_HOME: home });
    expect(found).toMatchObject({ hermesHome: home, argv: [process.execPath, script, launcher, 'gateway', 'run'], ppid: process.pid });
    expect(found?.ancestors[0]).toBe(process.pid);
    expect(Math.abs((found?.startedAt ?? 0) - Date.now())).toBeLessThan(30_000);
  });

  it('a gateway without HERMES_HOME serves the default home below its own HOME, not the observer’s', async () => {
    const own = path.join(dir, 'someone');
    const found = await gatewayWith({ HOME: own });
    expect(found).toMatchObject({ hermesHome: null, userHome: own });
    expect(homeOfProcess(found as GatewayProcess, '/home/observer')).toBe(path.join(own, '.hermes'));
  });

  it('a gateway-looking process that is gone is no gateway (never one of the default home)', async () => {
    const gone = { pid: 2 ** 22 + 11, ppid: 1, pgid: 2 ** 22 + 11, startedAt: null, command: `${process.execPath} ${launcher} gateway run` };
    expect(await findGatewayProcesses([gone])).toEqual([]);
  });
});

let spawned: ChildProcess[] = [];
afterEach(() => {
  for (const child of spawned) child.kill('SIGKILL');
  spawned = [];
});

/** A live process whose argv reads as a gateway: `node -e <wait> /opt/x/hermes gateway run`. */
async function fakeGateway(env: NodeJS.ProcessEnv): Promise<{ pid: number; command: string }> {
  const args = ['-e', 'setTimeout(() => {}, 60000)', '/opt/x/hermes', 'gateway', 'run'];
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  spawned.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return { pid: child.pid ?? 0, command: [process.execPath, ...args].join(' ') };
}

describe('the duplicate scan', () => {
  it('lets through only lines naming hermes and a gateway (Hermes\'s rule decides on the exact argv)', () => {
    expect(looksLikeGateway('/Users/u/.hermes/bin/hermes --profile work gateway run --external-supervisor')).toBe(true);
    expect(looksLikeGateway('/v/bin/python3 -m hermes_cli.main gateway run')).toBe(true);
    expect(looksLikeGateway("/s/python3 -I -c import os, sys, runpy; runpy.run_module('hermes_cli.main', run_name='__main__') gateway run --external-supervisor")).toBe(true);
    expect(looksLikeGateway('/usr/bin/python3 /opt/payments/gateway_server.py')).toBe(false);
    expect(looksLikeGateway('/usr/bin/vim notes.txt')).toBe(false);
  });

  it("reads ps's pid, parent, process group, start and command", () => {
    expect(parsePs('  4242     1  4241 Fri Dec  4 18:30:05 2026 /h/hermes gateway run\n')).toEqual([
      { pid: 4242, ppid: 1, pgid: 4241, startedAt: new Date(2026, 11, 4, 18, 30, 5).getTime(), command: '/h/hermes gateway run' },
    ]);
    expect(parsePs('7 1 7 /bin/sh\n')).toEqual([{ pid: 7, ppid: 1, pgid: 7, startedAt: null, command: '/bin/sh' }]);
  });

  it("compares a pid record's start fingerprint with the kernel's, never converting it", () => {
    const ticks = procStartTicks(process.pid);
    expect(ticks).toMatch(/^\d+$/);
    expect(startMatches(String(ticks), process.pid, null)).toBe(true);
    expect(startMatches(String(Number(ticks) + 1), process.pid, null)).toBe(false);
  });

  it('reads a live gateway’s argv and HERMES_HOME from the system', async () => {
    const gateway = await fakeGateway({ PATH: process.env.PATH, HERMES_HOME: '/opt/x-home' });
    const found = await findGatewayProcesses([{ pid: gateway.pid, ppid: process.pid, pgid: gateway.pid, startedAt: null, command: gateway.command }]);
    expect(found).toEqual([expect.objectContaining({ pid: gateway.pid, hermesHome: '/opt/x-home' })]);
  });

  it("a gateway's own child with the gateway's command line (a fork, a spawn before its exec) is that gateway, not a second one", async () => {
    const env = { PATH: process.env.PATH, HERMES_HOME: '/opt/x-home' };
    const [parent, child] = [await fakeGateway(env), await fakeGateway(env)];
    const table = [
      { pid: parent.pid, ppid: process.pid, pgid: parent.pid, startedAt: null, command: parent.command },
      { pid: child.pid, ppid: parent.pid, pgid: parent.pid, startedAt: null, command: child.command },
    ];
    expect((await findGatewayProcesses(table)).map((g) => g.pid)).toEqual([parent.pid]);
    // Side by side (neither under the other), both are gateways.
    const apart = table.map((entry) => ({ ...entry, ppid: process.pid, pgid: entry.pid }));
    expect((await findGatewayProcesses(apart)).map((g) => g.pid).sort()).toEqual([parent.pid, child.pid].sort());
  });

  it('leaves out a gateway that exited after ps listed it, instead of guessing its home', async () => {
    const gateway = await fakeGateway({ PATH: process.env.PATH, HERMES_HOME: '/opt/x-home' });
    const child = spawned.pop();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    expect(await findGatewayProcesses([{ pid: gateway.pid, ppid: process.pid, pgid: gateway.pid, startedAt: null, command: gateway.command }])).toEqual([]);
  });
});
