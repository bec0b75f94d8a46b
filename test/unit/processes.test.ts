import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { findGatewayProcesses, looksLikeGateway } from '../../electron/service/processes.js';

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
});

/** A live process whose argv reads as a gateway: `node -e <wait> /opt/x/hermes gateway run`. */
async function fakeGateway(env: NodeJS.ProcessEnv): Promise<{ pid: number; command: string }> {
  const args = ['-e', 'setTimeout(() => {}, 60000)', '/opt/x/hermes', 'gateway', 'run'];
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return { pid: child.pid ?? 0, command: [process.execPath, ...args].join(' ') };
}

describe('the duplicate scan', () => {
  it('lets through only lines with a Hermes launcher and `gateway run`', () => {
    expect(looksLikeGateway('/Users/u/.hermes/bin/hermes --profile work gateway run --external-supervisor')).toBe(true);
    expect(looksLikeGateway('/v/bin/python3 -m hermes_cli.main gateway run')).toBe(true);
    expect(looksLikeGateway('/usr/bin/python3 /opt/payments/gateway_server.py')).toBe(false);
    expect(looksLikeGateway('/Users/u/.hermes/bin/hermes gateway status')).toBe(false);
  });

  it('reads a live gateway’s argv and HERMES_HOME from the system', async () => {
    const gateway = await fakeGateway({ PATH: process.env.PATH, HERMES_HOME: '/opt/x-home' });
    const found = await findGatewayProcesses([{ pid: gateway.pid, ppid: process.pid, command: gateway.command }]);
    expect(found).toEqual([expect.objectContaining({ pid: gateway.pid, hermesHome: '/opt/x-home', profile: null })]);
  });

  it('leaves out a gateway that exited after ps listed it, instead of guessing its home', async () => {
    const gateway = await fakeGateway({ PATH: process.env.PATH, HERMES_HOME: '/opt/x-home' });
    const child = children.pop();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    expect(await findGatewayProcesses([{ pid: gateway.pid, ppid: process.pid, command: gateway.command }])).toEqual([]);
  });
});
