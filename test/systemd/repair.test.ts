import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isAlive } from '../../electron/service/processes.js';
import type { GatewayStatus, OperationResult } from '../../electron/service/types.js';
import { removeInstall, startUnsupervisedGateway, waitForGatewayState } from '../support/standin.js';
import type { SystemdFixture } from './fixture.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import { describeSystemd, LEGACY, systemdFixture, UNIT } from './fixture.js';

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

const codes = async (f: SystemdFixture): Promise<string[]> => (await f.status()).problems.map((p) => p.code);
const backupsOf = (f: SystemdFixture, unit: string): string[] =>
  readdirSync(f.manager.unitsDir).filter((name) => name.startsWith(`${unit}.`) && name.endsWith('.bak'));

/** The unit an older Hermes installed as hermes.service: the gateway of the same home, by another name. */
function legacyUnit(f: SystemdFixture): string {
  return [
    '[Unit]',
    'Description=Hermes Agent Gateway - Messaging Platform Integration',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${f.launcher} gateway run`,
    `Environment=HERMES_HOME=${f.hermesHome}`,
    'Restart=on-failure',
    'RestartSec=30',
    'RestartForceExitStatus=75',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

describeSystemd('hermes-bar doctor and repair on systemd', () => {
  it('a unit file systemd cannot read: doctor explains, repair keeps a backup and writes a fresh one', async () => {
    fx = await systemdFixture();
    writeFileSync(fx.unitPath, '[Service\nExecStart=/nowhere\n', { mode: 0o644 });
    const report = await fx.doctor();
    expect(report.status.problems.map((p) => p.code)).toContain('plist-invalid');
    expect(report.needsRepair).toBe(true);
    expect(report.plistChanges.map((c) => c.field)).toEqual(expect.arrayContaining(['File', 'Command']));
    expect(readFileSync(fx.unitPath, 'utf8')).toContain('[Service\n'); // doctor changed nothing
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    const backups = backupsOf(fx, UNIT);
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(fx.manager.unitsDir, backups[0] as string), 'utf8')).toContain('[Service\n');
    expect(await codes(fx)).toEqual([]);
  });

  it('an install removed by an upgrade: doctor names the command that changes, repair writes what the installed Hermes writes', async () => {
    fx = await systemdFixture();
    const old = fx.oldInstall();
    await fx.startByHand(await fx.hermesUnit(old));
    expect((await fx.systemctl(['stop', UNIT])).exit).toBe(0);
    removeInstall(old.root);
    const report = await fx.doctor();
    expect(report.status.problems.map((p) => p.code)).toContain('launcher-missing');
    const command = report.plistChanges.find((change) => change.field === 'Command');
    expect(command?.current).toContain(old.root);
    expect(command?.wanted).toContain(fx.launcher);
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    expect(hermesNormalized(readFileSync(fx.unitPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesUnit()));
  });

  it('a unit file others can write: repair sets 0644', async () => {
    fx = await systemdFixture();
    await fx.ok('start');
    chmodSync(fx.unitPath, 0o666);
    expect(await codes(fx)).toContain('bad-permissions');
    await fx.ok('repair');
    expect(statSync(fx.unitPath).mode & 0o777).toBe(0o644);
    expect(await codes(fx)).toEqual([]);
  });

  it('a unit that is not enabled and stopped: repair enables and starts it', async () => {
    fx = await systemdFixture();
    await fx.ok('start');
    await fx.ok('stop');
    expect((await fx.systemctl(['disable', UNIT])).exit).toBe(0);
    // Stopped on purpose is no problem; the disabled unit is.
    expect((await fx.doctor()).status.problems.map((p) => p.code)).toEqual(['job-disabled']);
    const result = await fx.ok('repair');
    expect(result.status.state).toBe('running');
    expect((await fx.show()).unitFileState).toBe('enabled');
    expect((await fx.doctor()).status.problems).toEqual([]);
  });

  it('a gateway outside systemd: start refuses, repair stops it and runs one under systemd', async () => {
    fx = await systemdFixture();
    await fx.ok('start');
    await fx.ok('stop');
    const stray = await startUnsupervisedGateway(fx.env, fx.launcher);
    await waitForGatewayState(fx.hermesHome, 'running');
    const status: GatewayStatus = await fx.status();
    expect(status.problems.map((p) => p.code)).toContain('unsupervised-gateway');
    expect(status.duplicates).toEqual([stray]);
    expect((await fx.fails('start')).code).toBe('duplicate-gateways');
    expect(isAlive(stray)).toBe(true);
    const result = await fx.ok('repair');
    expect(isAlive(stray)).toBe(false);
    expect(result.status.state).toBe('running');
    expect(result.status.duplicates).toEqual([]);
  });

  it('a legacy hermes.service running the same home: start refuses, repair disables it and keeps its file as a backup', async () => {
    fx = await systemdFixture();
    writeFileSync(fx.unitPath, await fx.hermesUnit(), { mode: 0o644 });
    const legacyPid = await fx.startByHand(legacyUnit(fx), LEGACY);
    const status = await fx.status();
    expect(status.problems).toContainEqual(expect.objectContaining({ code: 'legacy-unit', severity: 'error' }));
    expect(status.duplicates).toEqual([legacyPid]);
    const refused = await fx.fails('start');
    expect(refused.code).toBe('duplicate-gateways');
    expect(refused.message).toContain(LEGACY);
    expect(isAlive(legacyPid)).toBe(true);
    const result: OperationResult = await fx.ok('repair');
    expect(isAlive(legacyPid)).toBe(false);
    expect(result.status.state).toBe('running');
    expect(existsSync(path.join(fx.manager.unitsDir, LEGACY))).toBe(false);
    expect(backupsOf(fx, LEGACY)).toHaveLength(1);
    expect(await fx.show(LEGACY)).toMatchObject({ activeState: 'inactive', loadState: 'not-found' });
    expect(await codes(fx)).toEqual([]);
  });

  it('a legacy hermes.service of another home is left alone', async () => {
    fx = await systemdFixture();
    const other = path.join(fx.home, 'elsewhere');
    mkdirSync(other);
    const unit = await fx.hermesUnit(fx.install, other);
    writeFileSync(path.join(fx.manager.unitsDir, LEGACY), unit, { mode: 0o644 });
    await fx.ok('start');
    expect(await codes(fx)).toEqual([]);
    expect(existsSync(path.join(fx.manager.unitsDir, LEGACY))).toBe(true);
  });

  it('repair of a healthy gateway changes nothing', async () => {
    fx = await systemdFixture();
    const pid = (await fx.ok('start')).status.pid;
    const result = await fx.ok('repair');
    expect(result.status.pid).toBe(pid);
    expect(result.message).toMatch(/Nothing to repair/);
    expect(result.actions).toEqual([]);
  });
});

describeSystemd('hermes-bar list on systemd', () => {
  it('finds the default home and each profile, with the unit names of HERMES.md', async () => {
    fx = await systemdFixture();
    for (const name of ['work', 'play']) mkdirSync(path.join(fx.hermesHome, 'profiles', name), { recursive: true });
    await fx.ok('start');
    const started = await fx.run(['start', '--profile', 'work', '--json']);
    expect(started.exitCode, started.stderr + started.stdout).toBe(0);
    expect((started.json as OperationResult).status.plistPath).toBe(path.join(fx.manager.unitsDir, 'hermes-gateway-work.service'));
    const rows = (await fx.run(['list', '--json'])).json as GatewayStatus[];
    expect(rows.map((r) => [r.label, r.state])).toEqual([
      [UNIT, 'running'],
      ['hermes-gateway-play.service', 'not-installed'],
      ['hermes-gateway-work.service', 'running'],
    ]);
    expect((await fx.run(['stop', '--profile', 'work'])).exitCode).toBe(0);
  });
});
