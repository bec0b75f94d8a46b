/**
 * The main process's side of issue 5: Uninstall asks in a native dialog before anything happens,
 * "Copy diagnostics" puts the engine's report on the clipboard, and the app keeps its own log.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { ipcName } from '../../electron/ipc-contract.js';
import { fake, invokeFrom, onlyWindow, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus, tempDir } from './fake-engine.js';
import { launch, quit } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

async function popover(engine = new FakeEngine()) {
  const launched = await launch({ engine });
  const { webContents } = onlyWindow();
  const invoke = (channel: Parameters<typeof ipcName>[0], payload: unknown) => invokeFrom(webContents, webContents.mainFrame, ipcName(channel), payload);
  return { ...launched, invoke };
}

describe('Uninstall from the popover', () => {
  it('asks first, naming the plist and its backup; Cancel changes nothing', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ plistPath: '/Users/u/Library/LaunchAgents/ai.hermes.gateway.plist' });
    const { invoke } = await popover(engine);
    fake.dialogAnswers.push({ response: 1, checkboxChecked: false });
    expect(await invoke('gateway:uninstall', { profile: null })).toBeNull();
    expect(fake.dialogs).toHaveLength(1);
    const question = fake.dialogs[0];
    expect(question?.message).toBe('Uninstall the Hermes gateway service?');
    expect(question?.detail).toContain('/Users/u/Library/LaunchAgents/ai.hermes.gateway.plist');
    expect(question?.detail).toContain('backup');
    expect(question?.buttons).toEqual(['Uninstall', 'Cancel']);
    expect(question?.cancelId).toBe(1);
    expect(question?.defaultId).toBe(1);
    expect(engine.runs()).toEqual([]);
  });

  it('on "Uninstall" makes exactly one engine uninstall and returns its result', async () => {
    const engine = new FakeEngine();
    engine.after.uninstall = gatewayStatus({ state: 'not-installed', pid: null });
    const { invoke } = await popover(engine);
    fake.dialogAnswers.push({ response: 0, checkboxChecked: false });
    const response = await invoke('gateway:uninstall', { profile: 'work' });
    expect(response).toMatchObject({ operation: 'uninstall', ok: true });
    expect(engine.runs()).toEqual([{ operation: 'uninstall', profile: 'work' }]);
  });

  it('operation:run never uninstalls: the confirmation cannot be skipped', async () => {
    const engine = new FakeEngine();
    const { invoke } = await popover(engine);
    await expect(invoke('operation:run', { operation: 'uninstall', profile: null })).rejects.toThrow(/operation must be one of/);
    expect(engine.runs()).toEqual([]);
  });
});

describe('Copy diagnostics', () => {
  it("puts the engine's report, with the app's version, on the clipboard", async () => {
    const engine = new FakeEngine();
    const { invoke } = await popover(engine);
    await invoke('diagnostics:copy', { profile: 'work' });
    expect(engine.calls.filter((c) => c.method === 'diagnostics')).toEqual([{ method: 'diagnostics', profile: 'work', appVersion: fake.version }]);
    expect(fake.clipboard.at(-1)).toContain('# Hermes Bar diagnostics');
  });
});

describe("the app's own log", () => {
  it("goes to Electron's logs folder, named like userData after the app (the folder the cask's zap removes)", async () => {
    fake.logs = tempDir('hb-main-electron-logs-');
    const { running } = await launch({ logDir: null });
    expect(running.log.file).toBe(path.join(fake.logs, 'hermes-bar.log'));
    expect(readFileSync(running.log.file, 'utf8')).toMatch(/Hermes Bar \S+ started on darwin/);
  });

  it('records the start and every operation with its outcome and duration', async () => {
    const engine = new FakeEngine();
    const { running, invoke } = await popover(engine);
    await invoke('operation:run', { operation: 'stop', profile: null });
    engine.failure = { code: 'spawn-failed', message: 'no gateway appeared', explanation: '', nextStep: '' };
    await invoke('operation:run', { operation: 'start', profile: 'work' });
    const lines = readFileSync(running.log.file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z Hermes Bar \S+ started on darwin$/);
    const rest = lines.slice(1).map((line) => line.replace(/^\S+ /, '').replace(/ in \d+ ms/, ' in N ms'));
    expect(rest).toEqual([
      'stop [default] requested',
      'stop [default] succeeded in N ms: stop done',
      'start [work] requested',
      'start [work] failed in N ms: spawn-failed: no gateway appeared',
    ]);
  });
});
