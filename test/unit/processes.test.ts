/** The process table's gateways: a gateway that exited between `ps` and reading it is not one of ours. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGatewayProcesses } from '../../electron/service/processes.js';

const LINUX = existsSync('/proc/self/environ');

/** A process whose command line reads as a Hermes gateway's. */
function gatewayLike(env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '/x/.hermes/bin/hermes', 'gateway', 'run'], { env, stdio: 'ignore' });
}

describe.runIf(LINUX)('findGatewayProcesses', () => {
  it('reads a live gateway with its HERMES_HOME', async () => {
    const child = gatewayLike({ HERMES_HOME: '/tmp/some-home' });
    try {
      const found = await findGatewayProcesses([{ pid: child.pid as number, ppid: process.pid, command: `node /x/.hermes/bin/hermes gateway run` }]);
      expect(found).toMatchObject([{ pid: child.pid, hermesHome: '/tmp/some-home' }]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('skips a gateway that exited after ps listed it, instead of taking it for the default home’s', async () => {
    const child = gatewayLike({ HERMES_HOME: '/tmp/some-home' });
    const pid = child.pid as number;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(await findGatewayProcesses([{ pid, ppid: process.pid, command: '/x/.hermes/bin/hermes gateway run' }])).toEqual([]);
  });
});
