import { afterEach, describe, expect, it } from 'vitest';
import type { Fixture } from './fixture.js';
import { fixture, oldInstall } from './fixture.js';
import { removeInstall } from '../support/standin.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

/** Each failure launchctl can answer a bootstrap with (LAUNCHD.md), through the CLI. */
const BOOTSTRAP_FAILURES: [number, string, string][] = [
  [5, 'Bootstrap failed: 5: Input/output error\nService is disabled', 'job-disabled'],
  [119, 'Bootstrap failed: 119: Service is disabled', 'job-disabled'],
  [122, 'Bootstrap failed: 122: Path had bad ownership/permissions', 'bad-permissions'],
  [5, 'Bootstrap failed: 5: Input/output error\nInvalid property list', 'plist-invalid'],
  [133, 'Bootstrap failed: 133: Invalid property list', 'plist-invalid'],
  [125, 'Bootstrap failed: 125: Domain does not support specified action', 'no-gui-session'],
  [150, 'Bootstrap failed: 150: Operation not permitted while System Integrity Protection is engaged', 'launchctl-failed'],
];

describe('launchctl failures reach the user with their meaning', () => {
  it.each(BOOTSTRAP_FAILURES)('bootstrap %i → %s', async (exit, stderr, code) => {
    fx = await fixture();
    await fx.sim.inject({ command: 'bootstrap', exit, stderr });
    const error = await fx.fails('start');
    expect(error).toMatchObject({ code, exitCode: exit, command: ['launchctl', 'bootstrap', expect.any(String), fx.plistPath] });
    expect(error.explanation).not.toBe('');
    expect(error.nextStep).not.toBe('');
    const status = await fx.status();
    expect(status.pid).toBeNull();
  });

  it('retries 5 and 37 while a bootout finishes, then succeeds', async () => {
    fx = await fixture();
    await fx.sim.inject({ command: 'bootstrap', exit: 37, stderr: 'Bootstrap failed: 37: Operation already in progress' });
    await fx.sim.inject({ command: 'bootstrap', exit: 5, stderr: 'Bootstrap failed: 5: Input/output error' });
    const result = await fx.ok('start');
    expect(result.status.state).toBe('running');
    const bootstraps = (await fx.sim.events()).filter((e) => e.type === 'command' && e.argv[0] === 'bootstrap');
    expect(bootstraps.map((e) => e.type === 'command' && e.exit)).toEqual([37, 5, 0]);
  });

  it('gives up on a 5 that does not go away, with its meaning', async () => {
    fx = await fixture();
    await fx.sim.inject({ command: 'bootstrap', exit: 5, stderr: 'Bootstrap failed: 5: Input/output error', times: 1000 });
    const error = await fx.fails('start');
    expect(error.code).toBe('job-busy');
    expect(error.explanation).toMatch(/already loaded|torn down/);
  });

  // A bootout answered "not loaded" while launchd still lists the job stopped nothing: before, stop
  // waited out ExitTimeOut for a process nobody had told to exit and then reported stop-timeout.
  it.each([
    [3, 'Boot-out failed: 3: No such process'],
    [113, 'Boot-out failed: 113: Could not find specified service'],
  ])('a bootout answered %i while launchd still lists the job is sent again', async (exit, stderr) => {
    fx = await fixture();
    await fx.ok('start');
    await fx.sim.inject({ command: 'bootout', exit, stderr });
    const result = await fx.ok('stop');
    expect(result.status.state).toBe('stopped');
    const bootouts = (await fx.sim.events()).filter((e) => e.type === 'command' && e.argv[0] === 'bootout');
    expect(bootouts.map((e) => e.type === 'command' && e.exit)).toEqual([exit, 0]);
  });

  it('a bootout that keeps answering "not loaded" while the job runs fails with that answer, the gateway left running', async () => {
    fx = await fixture();
    const { status } = await fx.ok('start');
    await fx.sim.inject({ command: 'bootout', exit: 113, stderr: 'Boot-out failed: 113: Could not find specified service', times: 2 });
    const error = await fx.fails('stop');
    expect(error).toMatchObject({ code: 'launchctl-failed', exitCode: 113, command: ['launchctl', 'bootout', fx.target] });
    expect(error.explanation).toMatch(/still lists it/);
    expect(error.nextStep).toContain(`launchctl bootout ${fx.target}`);
    expect((await fx.status()).pid).toBe(status.pid);
  });

  it('a slow bootout is waited for, never overlapped', async () => {
    fx = await fixture();
    // An upgrade removed the install the running job's plist names: the restart reloads it.
    const old = oldInstall(fx);
    await fx.loadByHand(await fx.hermesPlist(old));
    await fx.waitForGateway();
    removeInstall(old.root);
    await fx.sim.inject({ command: 'bootout', teardownMs: 1500 });
    const result = await fx.ok('restart');
    expect(result.status.state).toBe('running');
    expect((await fx.sim.events()).filter((e) => e.type === 'spawn')).toHaveLength(2);
  });
});
