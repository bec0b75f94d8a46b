import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { DONT_ASK_AGAIN } from '../../electron/main/repair-prompt.js';
import { dismissKey, repairCheckReason, repairDialogText, shouldShowRepairDialog } from '../../electron/main/repair-policy.js';
import type { RepairMemory } from '../../electron/main/repair-policy.js';
import type { DoctorReport } from '../../electron/service/types.js';
import { fake, powerMonitor, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus, tempDir } from './fake-engine.js';
import { launch, quit, until } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

const UPGRADED: DoctorReport = {
  status: gatewayStatus({
    state: 'crashed',
    pid: null,
    lastExitCode: 78,
    problems: [
      { code: 'launcher-missing', severity: 'error', message: 'The plist runs /opt/hermes-0.9/bin/hermes, which no longer exists (an upgrade may have moved it).', fix: 'Point the plist at /Users/u/.hermes/bin/hermes (keeping a backup).' },
      { code: 'bad-permissions', severity: 'warning', message: 'The plist is writable by others.', fix: 'Set its mode to 0644.' },
    ],
  }),
  definition: null,
  plistChanges: [{ field: 'Program', current: '/opt/hermes-0.9/bin/hermes', wanted: '/Users/u/.hermes/bin/hermes' }],
  repairPlan: ['Point the plist at /Users/u/.hermes/bin/hermes (keeping a backup).', 'Set its mode to 0644.', 'Verify that exactly one gateway runs.'],
  needsRepair: true,
};

const memory = (fields: Partial<RepairMemory> = {}): RepairMemory => ({ lastVersion: '1.0.0', launcherTarget: '/opt/hermes-1.0/bin/hermes', repairDismissedFor: null, ...fields });
const current = { version: '1.0.0', launcherTarget: '/opt/hermes-1.0/bin/hermes' };

describe('repair policy', () => {
  it('checks at launch only when the app version or the launcher target changed', () => {
    expect(repairCheckReason('launch', memory(), current)).toBeNull();
    expect(repairCheckReason('launch', memory({ lastVersion: '0.9.0' }), current)).toBe('app-upgraded');
    expect(repairCheckReason('launch', memory({ lastVersion: null }), current)).toBe('app-upgraded');
    expect(repairCheckReason('launch', memory({ launcherTarget: '/opt/hermes-0.9/bin/hermes' }), current)).toBe('hermes-upgraded');
    expect(repairCheckReason('launcher-check', memory(), current)).toBeNull();
    expect(repairCheckReason('launcher-check', memory({ lastVersion: '0.9.0' }), current)).toBeNull();
    expect(repairCheckReason('launcher-check', memory(), { ...current, launcherTarget: null })).toBe('hermes-upgraded');
    expect(repairCheckReason('wake', memory(), current)).toBe('wake');
  });

  it('shows the dialog when doctor needs a repair, unless dismissed for this version, busy, or never installed', () => {
    const context = { memory: memory(), current, busy: false };
    expect(shouldShowRepairDialog(UPGRADED, context)).toBe(true);
    expect(shouldShowRepairDialog({ ...UPGRADED, needsRepair: false }, context)).toBe(false);
    expect(shouldShowRepairDialog(UPGRADED, { ...context, busy: true })).toBe(false);
    expect(shouldShowRepairDialog({ ...UPGRADED, status: gatewayStatus({ state: 'not-installed' }) }, context)).toBe(false);
    const dismissed = memory({ repairDismissedFor: dismissKey(current) });
    expect(shouldShowRepairDialog(UPGRADED, { ...context, memory: dismissed })).toBe(false);
    // A new app version, or a new Hermes install, is a new "version": ask again.
    expect(shouldShowRepairDialog(UPGRADED, { ...context, memory: dismissed, current: { ...current, version: '1.1.0' } })).toBe(true);
    expect(shouldShowRepairDialog(UPGRADED, { ...context, memory: dismissed, current: { ...current, launcherTarget: '/opt/hermes-1.1/bin/hermes' } })).toBe(true);
  });

  it('names every problem and every plist change', () => {
    const { detail } = repairDialogText(UPGRADED);
    expect(detail).toContain('• The plist runs /opt/hermes-0.9/bin/hermes, which no longer exists (an upgrade may have moved it).');
    expect(detail).toContain('• The plist is writable by others.');
    expect(detail).toContain('Program: /opt/hermes-0.9/bin/hermes → /Users/u/.hermes/bin/hermes');
    expect(repairDialogText({ ...UPGRADED, plistChanges: [{ field: 'StandardOutPath', current: null, wanted: '/x.log' }] }).detail).toContain('StandardOutPath: (none) → /x.log');
  });
});

/** A launcher like Hermes's: a stable path that is a symlink into the versioned install. */
function installLauncher(): { launcher: string; pointAt: (version: string) => string } {
  const root = tempDir('hb-main-launcher-');
  const launcher = path.join(root, 'bin', 'hermes');
  mkdirSync(path.dirname(launcher), { recursive: true });
  const pointAt = (version: string): string => {
    const target = path.join(root, `hermes-${version}`, 'hermes');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, '#!/bin/sh\n');
    rmSync(launcher, { force: true });
    symlinkSync(target, launcher);
    return realpathSync(target);
  };
  return { launcher, pointAt };
}

function engineWithLauncher(launcher: string): FakeEngine {
  const engine = new FakeEngine({ HOME: tempDir('hb-main-home-'), HERMES_BAR_HERMES: launcher });
  engine.report = UPGRADED;
  return engine;
}

describe('the repair dialog', () => {
  it('appears after a version change when doctor reports problems, naming each; Repair runs one repair and shows the outcome', async () => {
    const { launcher, pointAt } = installLauncher();
    const target = pointAt('1.0');
    fake.version = '1.0.0';
    fake.dialogAnswers.push({ response: 0, checkboxChecked: false }, { response: 0, checkboxChecked: false });
    const engine = engineWithLauncher(launcher);
    engine.after.repair = gatewayStatus();
    await launch({ engine, settings: { lastVersion: '0.9.0', launcherTarget: target } });

    expect(engine.count('doctor')).toBe(1);
    const [ask, outcome] = fake.dialogs;
    expect(ask?.buttons).toEqual(['Repair', 'Later']);
    expect(ask?.checkboxLabel).toBe(DONT_ASK_AGAIN);
    expect(ask?.detail).toContain('which no longer exists');
    expect(ask?.detail).toContain('Program: /opt/hermes-0.9/bin/hermes → /Users/u/.hermes/bin/hermes');
    expect(engine.runs()).toEqual([{ operation: 'repair', profile: null }]);
    expect(outcome?.message).toBe('repair done');
    expect(fake.dialogs).toHaveLength(2);
  });

  it('shows the error, its explanation and next step when the repair fails', async () => {
    const { launcher, pointAt } = installLauncher();
    pointAt('1.0');
    fake.dialogAnswers.push({ response: 0, checkboxChecked: false });
    const engine = engineWithLauncher(launcher);
    engine.failure = { code: 'bad-permissions', message: 'launchctl refused the plist', explanation: 'The plist must not be writable by others.', nextStep: 'Run `chmod 644` on it.' };
    await launch({ engine, settings: { lastVersion: '0.9.0' } });
    const outcome = fake.dialogs[1];
    expect(outcome?.type).toBe('error');
    expect(outcome?.message).toBe('Repair failed: launchctl refused the plist');
    expect(outcome?.detail).toBe('The plist must not be writable by others.\n\nRun `chmod 644` on it.');
  });

  it('does not appear (doctor is not even run) when the version and the launcher are unchanged', async () => {
    const { launcher, pointAt } = installLauncher();
    const target = pointAt('1.0');
    fake.version = '1.0.0';
    const engine = engineWithLauncher(launcher);
    await launch({ engine, settings: { lastVersion: '1.0.0', launcherTarget: target } });
    expect(engine.count('doctor')).toBe(0);
    expect(fake.dialogs).toEqual([]);
  });

  it('"Later" with "Don\'t ask again for this version" is remembered: not shown again for this version', async () => {
    const { launcher, pointAt } = installLauncher();
    pointAt('1.0');
    fake.version = '1.0.0';
    fake.dialogAnswers.push({ response: 1, checkboxChecked: true });
    const engine = engineWithLauncher(launcher);
    const { running, userData } = await launch({ engine, settings: { lastVersion: '0.9.0' } });
    expect(fake.dialogs).toHaveLength(1);
    expect(engine.runs()).toEqual([]);
    const saved = JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.lastVersion).toBe('1.0.0');
    expect(saved.repairDismissedFor).toMatch(/^1\.0\.0\|/);

    // Wake: doctor runs again and still reports problems, but the user said not to ask.
    powerMonitor.emit('resume');
    await until(() => engine.count('doctor') === 2);
    await running.repair.check('wake');
    expect(fake.dialogs).toHaveLength(1);
  });

  it('"Later" alone asks again on wake', async () => {
    const { launcher, pointAt } = installLauncher();
    pointAt('1.0');
    fake.dialogAnswers.push({ response: 1, checkboxChecked: false });
    const engine = engineWithLauncher(launcher);
    await launch({ engine, settings: { lastVersion: '0.9.0' } });
    expect(fake.dialogs).toHaveLength(1);
    powerMonitor.emit('resume');
    await until(() => fake.dialogs.length === 2);
  });

  it('appears when Hermes\'s launcher now resolves to another install', async () => {
    const { launcher, pointAt } = installLauncher();
    const target = pointAt('1.0');
    fake.version = '1.0.0';
    const engine = engineWithLauncher(launcher);
    const { running } = await launch({ engine, settings: { lastVersion: '1.0.0', launcherTarget: target } });
    expect(await running.repair.check('launcher-check')).toBe('no-reason');
    expect(fake.dialogs).toEqual([]);

    pointAt('1.1'); // `hermes update` replaced the install the stable path points at
    expect(await running.repair.check('launcher-check')).toBe('later');
    expect(fake.dialogs).toHaveLength(1);
    // Remembered: the same target does not ask again.
    expect(await running.repair.check('launcher-check')).toBe('no-reason');
  });

  it('is not shown when doctor finds nothing to repair', async () => {
    const { launcher, pointAt } = installLauncher();
    pointAt('1.0');
    const engine = engineWithLauncher(launcher);
    engine.report = { ...UPGRADED, status: gatewayStatus(), plistChanges: [], repairPlan: [], needsRepair: false };
    await launch({ engine, settings: { lastVersion: '0.9.0' } });
    expect(engine.count('doctor')).toBe(1);
    expect(fake.dialogs).toEqual([]);
  });
});
