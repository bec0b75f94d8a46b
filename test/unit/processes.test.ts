import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { homeOfProcess } from '../../electron/service/home-state.js';
import { findGatewayProcesses } from '../../electron/service/processes.js';
import { sleep } from '../../electron/service/wait.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-processes-'));
const launcher = path.join(dir, 'bin', 'hermes');

describe('findGatewayProcesses', () => {
  const children: number[] = [];
  afterAll(() => {
    for (const pid of children) process.kill(pid, 'SIGKILL');
  });

  it('reads a live gateway’s argv and HERMES_HOME from /proc', async () => {
    const home = path.join(dir, 'home');
    // node <script> <launcher> gateway run: a command line parseGatewayCommand takes for a gateway.
    writeFileSync(path.join(dir, 'gateway.mjs'), 'setInterval(() => {}, 1000);\n');
    const child = spawn(process.execPath, [path.join(dir, 'gateway.mjs'), launcher, 'gateway', 'run'], { env: { HERMES_HOME: home }, stdio: 'ignore' });
    children.push(child.pid as number);
    await sleep(200);
    const found = await findGatewayProcesses();
    expect(found.filter((g) => g.pid === child.pid)).toEqual([expect.objectContaining({ hermesHome: home, profile: null })]);
  });

  it('a gateway-looking process that is gone is no gateway (never one of the default home)', async () => {
    const gone = { pid: 2 ** 22 + 11, ppid: 1, command: `${process.execPath} ${launcher} gateway run` };
    expect(await findGatewayProcesses([gone])).toEqual([]);
  });

  it('a gateway without HERMES_HOME uses the ~/.hermes of its own HOME, not of whoever looks', async () => {
    const otherUser = path.join(dir, 'other-user');
    writeFileSync(path.join(dir, 'gateway.mjs'), 'setInterval(() => {}, 1000);\n');
    const child = spawn(process.execPath, [path.join(dir, 'gateway.mjs'), launcher, 'gateway', 'run'], { env: { HOME: otherUser }, stdio: 'ignore' });
    children.push(child.pid as number);
    await sleep(200);
    const [found] = (await findGatewayProcesses()).filter((g) => g.pid === child.pid);
    expect(found).toMatchObject({ hermesHome: null, userHome: otherUser });
    expect(homeOfProcess(found!, '/Users/me')).toBe(path.join(otherUser, '.hermes'));
    expect(homeOfProcess({ ...found!, userHome: null }, '/Users/me')).toBe('/Users/me/.hermes');
  });
});
