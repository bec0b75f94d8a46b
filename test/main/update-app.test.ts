/**
 * The self-update inside the running app (startApp against the fake Electron, a FakeEngine and a
 * local feed): the tray menu's items, "Check for Updates…"'s answers (up to date, a new version
 * available, one ready to install, the feed offline), the popover's channels and
 * pushes, no restart while an operation runs, and an update that never touches the gateway.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import electronUpdater from 'electron-updater';
import type { AppUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { ipcName, PUSH } from '../../electron/ipc-contract.js';
import type { UpdateState } from '../../electron/ipc-contract.js';
import * as electron from './fake-electron.js';
import { app, fake, fakeElectronForCommonJs, FakeEvent, invokeFrom, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import type { FakeMenu } from './fake-electron.js';
import { FakeEngine, tempDir } from './fake-engine.js';
import { launch, quit, settle, until } from './harness.js';
import { publish, startFeed, writeAppUpdateYml } from './update-feed.js';
import type { Feed } from './update-feed.js';

fakeElectronForCommonJs(electron);

let feed: Feed;
const savedCache = process.env.XDG_CACHE_HOME;

beforeEach(async () => {
  resetFake();
  fake.version = '0.1.0';
  fake.isPackaged = true;
  feed = await startFeed();
  const resources = tempDir('hb-upd-app-resources-');
  writeAppUpdateYml(resources, feed.url);
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true });
  process.env.XDG_CACHE_HOME = tempDir('hb-upd-app-cache-');
});

afterEach(async () => {
  quit();
  await feed.close();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
});

function macUpdater(): AppUpdater {
  const updater = new electronUpdater.MacUpdater();
  (updater as unknown as { _testOnlyOptions: { platform: NodeJS.Platform } })._testOnlyOptions = { platform: 'darwin' };
  return updater;
}

function trayMenu(): FakeMenu {
  onlyTray().emit('right-click');
  const menu = onlyTray().popped.at(-1);
  if (!menu) throw new Error('no menu popped up');
  return menu;
}

function labels(menu: FakeMenu): string[] {
  return menu.items.map((item) => item.label ?? `(${item.type})`);
}

async function started(engine = new FakeEngine(), settings?: { autoCheckUpdates: boolean }) {
  const launched = await launch({ engine, updater: { updater: macUpdater() }, ...(settings ? { settings } : {}) });
  const { webContents } = onlyWindow();
  const invoke = (channel: Parameters<typeof ipcName>[0], payload: unknown) => invokeFrom(webContents, webContents.mainFrame, ipcName(channel), payload);
  const pushes = () => webContents.pushes(ipcName(PUSH.update)) as UpdateState[];
  return { ...launched, invoke, pushes };
}

describe('updates in the app', () => {
  it('checks at launch; the tray menu has Check for Updates… and Install Command Line Tool… just above Quit; a manual check says "up to date"', async () => {
    publish(feed, 'latest-mac.yml', { version: '0.1.0', files: [{ name: 'hermes-bar-0.1.0-x64-mac.zip', bytes: Buffer.from('PK') }] });
    const { running } = await started();
    await until(() => running.updates.state.phase === 'up-to-date');
    expect(feed.requests.map((r) => r.replace(/\?.*$/, ''))).toEqual(['GET /feed/latest-mac.yml']);

    const menu = trayMenu();
    expect(labels(menu).slice(-4)).toEqual(['Check for Updates…', 'Install Command Line Tool…', '(separator)', 'Quit Hermes Bar']);
    menu.click('update');
    await until(() => fake.dialogs.length === 1);
    expect(fake.dialogs[0]).toMatchObject({ type: 'info', message: 'Hermes Bar is up to date', detail: 'Version 0.1.0 is the newest.' });
    expect(feed.requests).toHaveLength(2);
  });

  it('Check for Updates… that finds a new version says it is available and downloading; from a menu opened before the download finished, it says it is ready to install', async () => {
    publish(feed, 'latest-mac.yml', { version: '0.2.0', files: [{ name: 'hermes-bar-0.2.0-x64-mac.zip', bytes: Buffer.from('PK new') }] });
    const { running } = await started(new FakeEngine(), { autoCheckUpdates: false });
    const menu = trayMenu();
    expect(menu.item('update')).toMatchObject({ label: 'Check for Updates…' });
    menu.click('update');
    await until(() => fake.dialogs.length === 1);
    expect(fake.dialogs[0]).toMatchObject({ type: 'info', message: 'Hermes Bar 0.2.0 is available' });
    expect(fake.dialogs[0]?.detail).toContain('It is downloading in the background (you have 0.1.0).');
    expect(fake.dialogs[0]?.detail).toContain('the gateway keeps running through the update');

    await until(() => running.updates.state.phase === 'ready', 10_000);
    menu.click('update'); // the same menu, still showing "Check for Updates…"
    await until(() => fake.dialogs.length === 2);
    expect(fake.dialogs[1]).toMatchObject({ type: 'info', message: 'Hermes Bar 0.2.0 is ready to install' });
    expect(fake.dialogs[1]?.detail).toContain('Choose "Restart to Update" in the menu');
    expect(feed.requests.filter((r) => r.startsWith('GET /feed/latest-mac.yml'))).toHaveLength(1); // a ready update asks the feed nothing more
  });

  it('Check for Updates… with the feed offline warns that the feed did not answer, with the reason and what to do', async () => {
    const { running } = await started(new FakeEngine(), { autoCheckUpdates: false });
    await feed.close();
    trayMenu().click('update');
    await until(() => fake.dialogs.length === 1, 10_000); // electron-updater retries a refused connection for ~3 s
    expect(fake.dialogs[0]).toMatchObject({ type: 'warning', message: 'Could not check for updates: the update feed did not answer' });
    expect(fake.dialogs[0]?.detail).toMatch(/ECONNREFUSED/);
    expect(fake.dialogs[0]?.detail).toContain('Check the network connection and try "Check for Updates…" again.');
    expect(running.updates.state).toMatchObject({ phase: 'error', canRestart: false });
    feed = await startFeed(); // for afterEach
  });

  it('offers Restart to Update once downloaded, never while an operation runs; the restart leaves the gateway alone', async () => {
    publish(feed, 'latest-mac.yml', { version: '0.2.0', files: [{ name: 'hermes-bar-0.2.0-x64-mac.zip', bytes: Buffer.from('PK new') }] });
    const engine = new FakeEngine();
    const { running, invoke, pushes } = await started(engine);
    await until(() => running.updates.state.phase === 'ready', 10_000);
    expect(pushes().map((s) => s.phase).filter((phase, i, all) => phase !== all[i - 1])).toEqual(['checking', 'downloading', 'ready']);
    expect(await invoke('update:get', {})).toMatchObject({ phase: 'ready', version: '0.2.0', canRestart: true });
    expect(trayMenu().item('update')).toMatchObject({ label: 'Restart to Update to 0.2.0' });

    // A restart of the gateway is running: no restart of the app is offered, and asking is refused.
    let finish = (): void => undefined;
    engine.gate = new Promise((resolve) => (finish = resolve));
    const operation = invoke('operation:run', { operation: 'restart', profile: null });
    await settle();
    expect(trayMenu().item('update')).toMatchObject({ label: 'Restart to Update to 0.2.0 (after the running operation)', enabled: false });
    expect(await invoke('update:restart', {})).toMatchObject({ phase: 'ready', canRestart: false });
    expect(fake.squirrel.installs).toBe(0);
    expect(app.quits).toBe(0);

    finish();
    await operation;
    expect(pushes().at(-1)).toMatchObject({ phase: 'ready', canRestart: true });
    trayMenu().click('update');
    await until(() => fake.squirrel.installs === 1);
    expect(app.quits).toBe(1);
    // Squirrel's quitAndInstall closes the windows first: the popover must let itself close.
    const close = new FakeEvent();
    running.popover.window.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
    // Only the operation the user ran: the update stopped, restarted or unloaded nothing.
    expect(engine.runs()).toEqual([{ operation: 'restart', profile: null }]);
  });

  it('automatic checks off: no check at launch, the setting is kept in settings.json', async () => {
    const { running, invoke, userData } = await started();
    await until(() => running.updates.state.phase !== 'checking');
    expect(await invoke('update:set-auto-check', { enabled: false })).toMatchObject({ autoCheck: false });
    quit();
    expect(JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8'))).toMatchObject({ autoCheckUpdates: false });

    resetFake();
    fake.isPackaged = true;
    const requests = feed.requests.length;
    await launch({ updater: { updater: macUpdater() }, settings: { autoCheckUpdates: false } });
    await settle();
    expect(feed.requests).toHaveLength(requests);
  });
});
