import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { OperationResult } from '../../electron/service/types.js';
import { cli } from '../support/cli.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import { nowMicros } from '../support/invariants.js';
import { removeInstall, startUnsupervisedGateway } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, GUI, LABEL, oldInstall, UID } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

const codes = async (f: Fixture) => (await f.status()).problems.map((p) => p.code);

describe('hermes-bar doctor and repair', () => {
  it('a plist that cannot be parsed: doctor explains, repair keeps a backup and fixes it', async () => {
    fx = await fixture();
    writeFileSync(fx.plistPath, '<?xml version="1.0"?><plist><dict><key>Label', { mode: 0o644 });
    const report = await fx.doctor();
    expect(report.status.problems.map((p) => p.code)).toContain('plist-invalid');
    expect(report.needsRepair).toBe(true);
    expect(readFileSync(fx.plistPath, 'utf8')).toContain('<key>Label'); // doctor changed nothing
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    const backups = readdirSync(fx.sim.agentsDir).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(fx.sim.agentsDir, backups[0] as string), 'utf8')).toContain('<key>Label');
    expect(await codes(fx)).toEqual([]);
  });

  it('an install removed by an upgrade: the job fails with 78, repair writes what the installed Hermes writes', async () => {
    fx = await fixture();
    const old = oldInstall(fx);
    await fx.loadByHand(await fx.hermesPlist(old));
    await fx.waitForGateway();
    await fx.ok('stop');
    removeInstall(old.root);
    await fx.sim.launchctl(['bootstrap', GUI, fx.plistPath]);
    const report = await fx.doctor();
    expect(report.status.problems.map((p) => p.code)).toContain('launcher-missing');
    expect(report.definition).toBeNull();
    expect(report.plistChanges).toContainEqual(expect.objectContaining({ field: 'Command', wanted: expect.stringContaining(fx.launcher) }));
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    expect(hermesNormalized(readFileSync(fx.plistPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesPlist()));
  });

  it("the pid file lies (it names another process, or another gateway removed it): the gateway is found by its process, at once", async () => {
    fx = await fixture();
    const gateway = (await fx.ok('start')).status.pid as number;
    const liar = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const record = JSON.parse(readFileSync(path.join(fx.sim.hermesHome, 'gateway.pid'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(fx.sim.hermesHome, 'gateway.pid'), JSON.stringify({ ...record, pid: liar.pid, start_time: 1 }));
      const status = await fx.status();
      expect(status).toMatchObject({ state: 'running', pid: gateway, duplicates: [] });
      const repaired = await fx.ok('repair');
      expect(repaired.status.pid).toBe(gateway);
      expect(repaired.message).toMatch(/Nothing to repair/);
      unlinkSync(path.join(fx.sim.hermesHome, 'gateway.pid'));
      expect((await fx.ok('repair')).status).toMatchObject({ state: 'running', pid: gateway });
      // A restart signals the gateway, never the process the lying file names.
      const restarted = await fx.ok('restart');
      expect(restarted.status.pid).not.toBe(gateway);
      expect(liar.exitCode).toBeNull();
    } finally {
      liar.kill('SIGKILL');
    }
  });

  it('bad permissions: launchd refuses the plist (122); repair sets 0644', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    chmodSync(fx.plistPath, 0o666);
    expect(await codes(fx)).toContain('bad-permissions');
    const result = await fx.ok('repair');
    expect(statSync(fx.plistPath).mode & 0o777).toBe(0o644);
    expect(result.status.state).toBe('running');
  });

  it('a disabled override and a job left booted out: repair enables and loads it', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    await fx.sim.launchctl(['disable', fx.target]);
    const report = await fx.doctor();
    // Stopped on purpose is no problem; the disabled override is.
    expect(report.status.problems.map((p) => p.code)).toEqual(['job-disabled']);
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    expect((await fx.doctor()).status.problems).toEqual([]);
  });

  it('a gateway outside launchd: start refuses, repair stops it and runs one under launchd', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.ok('stop');
    const stray = await startUnsupervisedGateway(fx.sim.env, fx.launcher);
    const status = await fx.status();
    expect(status.problems.map((p) => p.code)).toContain('unsupervised-gateway');
    expect(status.duplicates).toEqual([stray]);
    const refused = await fx.fails('start');
    expect(refused.code).toBe('duplicate-gateways');
    expect(isAlive(stray)).toBe(true);
    const result = await fx.ok('repair');
    expect(isAlive(stray)).toBe(false);
    expect(result.status.state).toBe('running');
    expect(result.status.duplicates).toEqual([]);
  });

  it('the same job loaded in both gui and user domains is a duplicate; repair boots out the user copy', async () => {
    fx = await fixture();
    await fx.ok('start');
    await fx.sim.launchctl(['bootstrap', `user/${UID}`, fx.plistPath]);
    const report = await fx.doctor();
    expect(report.status.problems.map((p) => p.code)).toContain('duplicate-gateways');
    await fx.ok('repair');
    // The duplicate was made on purpose above; from here on there must be one gateway.
    fx.since = nowMicros();
    expect((await fx.sim.launchctl(['print', `user/${UID}/${LABEL}`])).exit).toBe(113);
    expect((await fx.doctor()).status.problems).toEqual([]);
  });

  it('a gateway a respawn started after the look, outliving its wrapper, is stopped before the job loads again', async () => {
    // A gateway slower to stop than the wrapper's ExitTimeOut, and a job to reload: the plist on
    // disk is now the older install's own.
    fx = await fixture({ ignoreSigterm: true });
    const first = (await fx.ok('start')).status.pid as number;
    writeFileSync(fx.plistPath, await fx.hermesPlist(oldInstall(fx)), { mode: 0o644 });
    // The crash's respawn sits in xpcproxy while repair looks (no pid, no gateway), and the
    // bootout goes out only once that respawn's gateway runs.
    await fx.sim.inject({ command: 'spawn', delayMs: 2_000 });
    await fx.sim.inject({ command: 'bootout', delayMs: 4_000 });
    const wrapper = await fx.waitForPid();
    process.kill(wrapper, 'SIGKILL');
    process.kill(first, 'SIGKILL');
    const repaired = fx.ok('repair');
    const unseen = await fx.waitForGateway(first);
    const result = await repaired;
    expect(result.status.state).toBe('running');
    expect(result.status.pid).not.toBe(unseen);
    expect(isAlive(unseen)).toBe(false);
    expect(result.actions.join('\n')).toContain(`Stopped gateway processes outside launchd (it outlived its job): ${unseen}`);
    // finish(): the event logs never show two gateways at once.
  });

  it('repair of a healthy gateway changes nothing', async () => {
    fx = await fixture();
    const pid = (await fx.ok('start')).status.pid;
    const result = await fx.ok('repair');
    expect(result.status.pid).toBe(pid);
    expect(result.message).toMatch(/Nothing to repair/);
  });

  it('without a gui session the gateway runs in the user domain', async () => {
    fx = await fixture({}, { guiSession: false });
    const result = await fx.ok('start');
    expect(result.status.domain).toBe(`user/${UID}`);
    expect(result.status.problems.map((p) => p.code)).toEqual(['no-gui-session']);
  });
});

describe('hermes-bar list', () => {
  it('finds the default home and each profile', async () => {
    fx = await fixture();
    for (const name of ['work', 'play']) mkdirSync(path.join(fx.sim.hermesHome, 'profiles', name), { recursive: true });
    mkdirSync(path.join(fx.sim.hermesHome, 'profiles', 'Not-Valid'), { recursive: true });
    await fx.ok('start');
    const started = await fx.run(['start', '--profile', 'work', '--json']);
    expect(started.exitCode, started.stderr + started.stdout).toBe(0);
    const listed = await fx.run(['list', '--json']);
    expect(listed.exitCode).toBe(0);
    const rows = listed.json as { label: string; state: string }[];
    expect(rows.map((r) => [r.label, r.state])).toEqual([
      [LABEL, 'running'],
      [`${LABEL}-play`, 'not-installed'],
      [`${LABEL}-work`, 'running'],
    ]);
    expect((await fx.run(['stop', '--profile', 'work'])).exitCode).toBe(0);
  });

  it('finds a gateway of any other home through its plist (hash label)', async () => {
    fx = await fixture();
    const other = path.join(fx.sim.home, 'elsewhere');
    mkdirSync(other);
    const started = await cli(['start', '--json'], { ...fx.sim.env, HERMES_HOME: other });
    expect(started.exitCode, started.stderr + started.stdout).toBe(0);
    const label = (started.json as OperationResult).status.label;
    expect(label).toMatch(/^ai\.hermes\.gateway-[0-9a-f]{8}$/);
    const rows = (await fx.run(['list', '--json'])).json as { label: string; home: string; state: string }[];
    expect(rows).toContainEqual(expect.objectContaining({ label, home: other, state: 'running' }));
    expect((await cli(['stop'], { ...fx.sim.env, HERMES_HOME: other })).exitCode).toBe(0);
  });
});
