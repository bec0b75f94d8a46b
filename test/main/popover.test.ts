import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OnHeadersReceivedListenerDetails } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { POPOVER_INITIAL_HEIGHT, POPOVER_WIDTH } from '../../electron/main/popover.js';
import { POPOVER_MAX_HEIGHT, POPOVER_MIN_HEIGHT, popoverHeight, popoverPosition } from '../../electron/main/popover-position.js';
import type { Rect } from '../../electron/main/popover-position.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.js';
import { app, fake, FakeEvent, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import { appInfoFrom } from '../../renderer/src/app-info.js';
import { FakeEngine } from './fake-engine.js';
import { launch, quit } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

const size = { width: 360, height: 520 };

function inside(pos: { x: number; y: number }, area: Rect): boolean {
  return pos.x >= area.x && pos.y >= area.y && pos.x + size.width <= area.x + area.width && pos.y + size.height <= area.y + area.height;
}

describe('popoverPosition', () => {
  const mainWork = { x: 0, y: 25, width: 1920, height: 1055 };

  it('centres under the tray icon, below the menu bar', () => {
    const pos = popoverPosition({ x: 1000, y: 0, width: 24, height: 24 }, size, mainWork);
    expect(pos).toEqual({ x: 1012 - 180, y: 28 });
  });

  it('stays on screen with the tray at the right edge', () => {
    const pos = popoverPosition({ x: 1896, y: 0, width: 24, height: 24 }, size, mainWork);
    expect(inside(pos, mainWork)).toBe(true);
    expect(pos.x).toBe(1920 - 360);
  });

  it('stays on a second display with negative coordinates (left of and above the main one)', () => {
    const work = { x: -2560, y: -1415, width: 2560, height: 1415 };
    const atLeftEdge = popoverPosition({ x: -2560, y: -1440, width: 24, height: 24 }, size, work);
    const atRightEdge = popoverPosition({ x: -30, y: -1440, width: 24, height: 24 }, size, work);
    expect(inside(atLeftEdge, work)).toBe(true);
    expect(inside(atRightEdge, work)).toBe(true);
    expect(atLeftEdge).toEqual({ x: -2560, y: -1412 });
    expect(atRightEdge.x).toBe(-360);
  });

  it('opens above a tray at the bottom of the screen (Linux and Windows panels)', () => {
    const work = { x: 0, y: 0, width: 1920, height: 1040 };
    const pos = popoverPosition({ x: 1800, y: 1044, width: 32, height: 32 }, size, work);
    expect(inside(pos, work)).toBe(true);
    expect(pos.y).toBe(1040 - 520);
  });

  it('keeps the top-left corner on screen when the window is larger than the work area', () => {
    expect(popoverPosition({ x: 500, y: 0, width: 24, height: 24 }, size, { x: 10, y: 20, width: 300, height: 400 })).toEqual({ x: 10, y: 20 });
  });
});

describe('the popover window', () => {
  it('is frameless, hidden until asked, and sandboxed', async () => {
    await launch();
    const window = onlyWindow();
    expect(window.options).toMatchObject({ frame: false, show: false, width: POPOVER_WIDTH, height: POPOVER_INITIAL_HEIGHT, skipTaskbar: true });
    expect(window.options.webPreferences).toEqual({
      preload: '/Applications/Hermes Bar.app/Contents/Resources/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
  });

  it('left click toggles it under the tray icon on the display the tray is on', async () => {
    fake.displays = [
      { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 } },
      { bounds: { x: -1440, y: -900, width: 1440, height: 900 }, workArea: { x: -1440, y: -875, width: 1440, height: 875 } },
    ];
    const { running } = await launch();
    const tray = onlyTray();
    const window = onlyWindow();
    tray.bounds = { x: -40, y: -900, width: 24, height: 24 };
    const setActive = vi.spyOn(running.monitor, 'setActive');

    tray.emit('click');
    expect(window.isVisible()).toBe(true);
    expect(fake.matchedRects.at(-1)).toEqual(tray.bounds);
    const [x, y] = window.position;
    expect(x).toBe(-360);
    expect(y).toBe(-872);
    expect(setActive).toHaveBeenLastCalledWith(true);

    tray.emit('click');
    expect(window.isVisible()).toBe(false);
    expect(setActive).toHaveBeenLastCalledWith(false);
  });

  it('hides on blur, and the click on the icon that caused the blur does not reopen it', async () => {
    let now = 1_000;
    await launch();
    const tray = onlyTray();
    const window = onlyWindow();
    // The Popover reads Date.now by default; control it for this test.
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => now);
    tray.emit('click');
    expect(window.isVisible()).toBe(true);
    window.blur(); // the user clicked the tray icon again: blur first…
    tray.emit('click'); // …then the click
    expect(window.isVisible()).toBe(false);
    now += 1_000;
    tray.emit('click');
    expect(window.isVisible()).toBe(true);
    window.blur(); // a click elsewhere
    expect(window.isVisible()).toBe(false);
    spy.mockRestore();
  });

  it('closing hides it until the app quits', async () => {
    await launch();
    const window = onlyWindow();
    const close = new FakeEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    app.emit('before-quit');
    const atQuit = new FakeEvent();
    window.emit('close', atQuit);
    expect(atQuit.defaultPrevented).toBe(false);
  });

  it('a second launch of the app opens the popover', async () => {
    await launch();
    app.emit('second-instance');
    expect(onlyWindow().isVisible()).toBe(true);
  });

  it('blocks navigation and new windows', async () => {
    await launch();
    const contents = onlyWindow().webContents;
    const navigate = new FakeEvent();
    contents.emit('will-navigate', navigate, 'https://evil.example/');
    expect(navigate.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('sends the renderer\'s Content-Security-Policy as a header and grants no permission', async () => {
    await launch();
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const html = readFileSync(path.join(repo, 'renderer', 'index.html'), 'utf8');
    expect(html.replace(/\s+/g, ' ')).toContain(`content="${CONTENT_SECURITY_POLICY}"`);

    let headers: Record<string, string | string[]> | undefined;
    const details = { url: 'file:///app/dist/renderer/index.html', responseHeaders: { 'Content-Type': ['text/html'] } } as unknown as OnHeadersReceivedListenerDetails;
    fake.headersListener?.(details, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });

    let granted: boolean | null = null;
    fake.permissionHandler?.(onlyWindow().webContents, 'notifications', (answer) => (granted = answer));
    expect(granted).toBe(false);
  });

  it('on macOS has the popover material behind a transparent page, and tells the page so', async () => {
    await launch({ platform: 'darwin' });
    const window = onlyWindow();
    expect(window.options).toMatchObject({ vibrancy: 'popover', visualEffectState: 'active', backgroundColor: '#00000000' });
    expect(window.loadedQuery).toMatchObject({ material: 'vibrancy' });
  });

  it('elsewhere has a plain window and page', async () => {
    await launch({ platform: 'linux' });
    const window = onlyWindow();
    expect(window.options.vibrancy).toBeUndefined();
    expect(window.loadedQuery?.material).toBeUndefined();
  });
});

describe('the popover follows its content', () => {
  const work = { x: 0, y: 25, width: 1440, height: 875 };

  it('popoverHeight: the content, between the minimum and the maximum, never taller than the screen', () => {
    expect(popoverHeight(300, work)).toBe(300);
    expect(popoverHeight(12, work)).toBe(POPOVER_MIN_HEIGHT);
    expect(popoverHeight(2000, work)).toBe(POPOVER_MAX_HEIGHT);
    expect(popoverHeight(2000, { ...work, height: 500 })).toBe(492);
  });

  it('the height the renderer asks for resizes the window under the tray icon, capped', async () => {
    const { running } = await launch();
    const tray = onlyTray();
    const window = onlyWindow();
    tray.emit('click');
    const top = window.bounds.y;
    await running.dispatch('popover:resize', { height: 300 });
    expect(window.bounds).toMatchObject({ width: POPOVER_WIDTH, height: 300, y: top });
    await running.dispatch('popover:resize', { height: 2000 });
    expect(window.bounds).toMatchObject({ height: POPOVER_MAX_HEIGHT, y: top });
    await running.dispatch('popover:resize', { height: 180 });
    expect(window.bounds.height).toBe(180);
  });

  it('with the tray at the bottom of the screen it grows upwards', async () => {
    fake.displays = [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
    const { running } = await launch({ platform: 'linux' });
    const tray = onlyTray();
    tray.bounds = { x: 1800, y: 1044, width: 32, height: 32 };
    const window = onlyWindow();
    await running.dispatch('popover:resize', { height: 300 });
    expect(window.bounds.y + window.bounds.height).toBe(1040);
    await running.dispatch('popover:resize', { height: 500 });
    expect(window.bounds.y + window.bounds.height).toBe(1040);
  });

  it('Escape (popover:hide) closes it; Quit quits; Show in Finder reveals the path the engine names', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine });
    onlyTray().emit('click');
    expect(onlyWindow().isVisible()).toBe(true);
    await running.dispatch('popover:hide', {});
    expect(onlyWindow().isVisible()).toBe(false);
    await running.dispatch('path:reveal', { profile: null, target: 'definition' });
    await running.dispatch('path:reveal', { profile: null, target: 'home' });
    await running.dispatch('path:reveal', { profile: null, target: 'logs' });
    expect(fake.revealedPaths).toEqual([engine.current.plistPath, engine.current.home, '/nonexistent/logs']);
    await running.dispatch('app:quit', {});
    expect(app.quits).toBe(1);
  });

  it("gives the page the app's version, the user's home and the OS in its URL, which the page reads back", async () => {
    const engine = new FakeEngine();
    await launch({ engine, platform: 'darwin' });
    const query = onlyWindow().loadedQuery ?? {};
    expect(query).toEqual({ version: fake.version, userHome: engine.settings.userHome, os: 'darwin', material: 'vibrancy' });
    expect(appInfoFrom(`?${new URLSearchParams(query).toString()}`)).toEqual(query);
  });
});
