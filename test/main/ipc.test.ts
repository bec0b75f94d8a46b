import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { INVOKE_CHANNELS, InvalidPayload, ipcName } from '../../electron/ipc-contract.js';
import type { InvokeChannel } from '../../electron/ipc-contract.js';
import { UntrustedSender } from '../../electron/main/ipc.js';
import { app, fake, FakeWebContents, invokeFrom, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import type { FakeFrame } from './fake-electron.js';
import { FakeEngine } from './fake-engine.js';
import { launch, quit } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

/** One well-formed request per channel (the positive control: these do reach the engine or platform). */
const VALID: Record<InvokeChannel, unknown> = {
  'status:get': { profile: 'work' },
  'gateways:list': {},
  'gateway:select': { profile: 'work' },
  'operation:run': { operation: 'restart', profile: null },
  'gateway:uninstall': { profile: null },
  'doctor:run': { profile: null },
  'log:tail': { profile: null, stream: 'stderr', lines: 20 },
  'preferences:get': {},
  'preferences:set': { key: 'keepRunning', value: true },
  'login-items:open-settings': {},
  'logs:open': { profile: null },
  'diagnostics:copy': { profile: 'work' },
  'clipboard:write': { text: 'hello' },
  'popover:resize': { height: 300 },
  'popover:hide': {},
  'app:quit': {},
  'app:install-cli': {},
  'path:reveal': { profile: null, target: 'home' },
  'update:get': {},
  'update:check': {},
  'update:restart': {},
  'update:set-auto-check': { enabled: false },
};

/** Channels that only read, or (with no updater in these tests) find nothing to do. */
const WITHOUT_EFFECT: readonly InvokeChannel[] = ['preferences:get', 'update:get', 'update:check', 'update:restart'];

/** Malformed for that channel in particular (besides the generic ones below). */
const MALFORMED: Record<InvokeChannel, unknown> = {
  'status:get': { profile: 42 },
  'gateways:list': { profile: null },
  'gateway:select': { profile: 'x'.repeat(65) },
  'operation:run': { operation: 'uninstall', profile: null },
  'gateway:uninstall': { profile: null, confirmed: true },
  'doctor:run': {},
  'log:tail': { profile: null, stream: 'stderr', lines: 10_000 },
  'preferences:get': [],
  'preferences:set': { key: 'openAtLogin', value: 'yes' },
  'login-items:open-settings': 'now',
  'logs:open': { profile: null, path: '/etc' },
  'diagnostics:copy': { profile: ['work'] },
  'clipboard:write': { text: 'x'.repeat(64 * 1024 + 1) },
  'popover:resize': { height: 300.5 },
  'popover:hide': { now: true },
  'app:quit': { force: true },
  'app:install-cli': { link: '/usr/bin/hermes-bar' },
  'path:reveal': { profile: null, target: '/etc/passwd' },
  'update:get': { version: '9.9.9' },
  'update:check': { url: 'http://attacker.example/' },
  'update:restart': { force: true },
  'update:set-auto-check': { enabled: 'no' },
};

async function started() {
  const engine = new FakeEngine();
  const { running } = await launch({ engine });
  const window = onlyWindow();
  const popover = window.webContents;
  const frame = popover.mainFrame;
  /** Everything the engine and the platform were asked so far. */
  const effects = () => ({
    engine: engine.calls.length,
    login: fake.loginItemSets.length,
    opened: fake.openedPaths.length,
    revealed: fake.revealedPaths.length,
    externals: fake.externals.length,
    clipboard: fake.clipboard.length,
    keepRunning: running.settings.get().keepRunning,
    window: JSON.stringify(window.bounds),
    visible: window.isVisible(),
    quits: app.quits,
    dialogs: fake.dialogs.length,
    autoCheckUpdates: running.settings.get().autoCheckUpdates,
  });
  // Open, so that hiding it is something.
  onlyTray().emit('click');
  return { engine, running, popover, frame, effects };
}

describe('IPC', () => {
  it('registers one handler for every channel of the contract, and no other', async () => {
    await started();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map((c) => ipcName(c)).sort());
  });

  it('the popover loads the renderer and its frame is the one trusted', async () => {
    const { frame } = await started();
    expect(onlyWindow().loadedFile).toBe('/Applications/Hermes Bar.app/Contents/Resources/app/dist/renderer/index.html');
    expect(frame.url).toBe('file:///Applications/Hermes%20Bar.app/Contents/Resources/app/dist/renderer/index.html');
  });

  it.each(INVOKE_CHANNELS)('%s rejects malformed payloads before reaching the engine or the platform', async (channel) => {
    const { popover, frame, effects } = await started();
    const before = effects();
    for (const payload of [MALFORMED[channel], 'not an object', 7, [VALID[channel]], { ...(VALID[channel] as object), extra: true }]) {
      await expect(invokeFrom(popover, frame, ipcName(channel), payload)).rejects.toBeInstanceOf(InvalidPayload);
    }
    expect(effects()).toEqual(before);
  });

  it.each(INVOKE_CHANNELS)('%s with a well-formed payload from the popover goes through', async (channel) => {
    const { popover, frame, effects } = await started();
    const before = effects();
    await invokeFrom(popover, frame, ipcName(channel), VALID[channel]);
    if (!WITHOUT_EFFECT.includes(channel)) expect(effects()).not.toEqual(before);
  });

  it('refuses every channel from another webContents, a subframe, or a frame showing something else', async () => {
    const { popover, frame, effects } = await started();
    const before = effects();
    const stranger = new FakeWebContents();
    const senders: Array<[FakeWebContents, FakeFrame | null]> = [
      [stranger, { url: frame.url, parent: null }],
      [popover, { url: frame.url, parent: frame }],
      [popover, { url: 'https://evil.example/index.html', parent: null }],
      [popover, null],
    ];
    for (const channel of INVOKE_CHANNELS) {
      for (const [sender, senderFrame] of senders) {
        await expect(invokeFrom(sender, senderFrame, ipcName(channel), VALID[channel])).rejects.toBeInstanceOf(UntrustedSender);
      }
    }
    expect(effects()).toEqual(before);
  });

  it('operation:run is one monitor.run: one engine call, the result returned as data', async () => {
    const { engine, popover, frame } = await started();
    const response = await invokeFrom(popover, frame, ipcName('operation:run'), { operation: 'stop', profile: null });
    expect(engine.runs()).toEqual([{ operation: 'stop', profile: null }]);
    expect(response).toMatchObject({ operation: 'stop', ok: true });
  });

  it('pushes operation progress to the popover', async () => {
    const { popover, frame } = await started();
    await invokeFrom(popover, frame, ipcName('operation:run'), { operation: 'restart', profile: null });
    expect(popover.pushes(ipcName('push:operation'))).toEqual([
      { profile: null, operation: 'restart', phase: 'started' },
      { profile: null, operation: 'restart', phase: 'finished' },
    ]);
  });
});
