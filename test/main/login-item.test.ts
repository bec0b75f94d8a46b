import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { LOGIN_ITEMS_SETTINGS_URL, loginItemStateOf } from '../../electron/main/login-item.js';
import { fake, onlyTray, resetFake } from './fake-electron.js';
import { launch, quit, until } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

describe('loginItemStateOf', () => {
  it('shows macOS 13+ status as it is', () => {
    for (const status of ['enabled', 'not-registered', 'requires-approval', 'not-found'] as const) {
      // requires-approval reads openAtLogin false: the status, not the flag, is the truth.
      expect(loginItemStateOf({ openAtLogin: false, status }, 'darwin')).toBe(status);
    }
  });

  it('derives from openAtLogin where there is no status, and is unsupported on Linux', () => {
    expect(loginItemStateOf({ openAtLogin: true }, 'darwin')).toBe('enabled');
    expect(loginItemStateOf({ openAtLogin: false }, 'darwin')).toBe('not-registered');
    expect(loginItemStateOf({ openAtLogin: true }, 'win32')).toBe('enabled');
    expect(loginItemStateOf({ openAtLogin: false, status: 'enabled' }, 'linux')).toBe('unsupported');
  });
});

function loginMenuItem() {
  const tray = onlyTray();
  tray.emit('right-click');
  const menu = tray.popped.at(-1);
  if (!menu) throw new Error('no menu');
  return { menu, item: menu.item('open-at-login') };
}

describe('Open at Login', () => {
  it('requires-approval stays requires-approval: in preferences, unchecked in the menu, and the item opens System Settings', async () => {
    fake.loginItem = { openAtLogin: false, status: 'requires-approval' };
    const { running } = await launch({ platform: 'darwin' });
    expect(await running.dispatch('preferences:get', {})).toEqual({ openAtLogin: 'requires-approval', keepRunning: false });
    const { menu, item } = loginMenuItem();
    expect(item.type).toBe('checkbox');
    expect(item.checked).toBe(false);
    expect(item.label).toMatch(/allow in System Settings/);
    menu.click('open-at-login');
    await until(() => fake.externals.length > 0);
    expect(fake.externals).toEqual([LOGIN_ITEMS_SETTINGS_URL]);
    expect(fake.loginItemSets).toEqual([]);
  });

  it('enabled is checked; clicking it turns it off through setLoginItemSettings', async () => {
    fake.loginItem = { openAtLogin: true, status: 'enabled' };
    await launch({ platform: 'darwin' });
    const { menu, item } = loginMenuItem();
    expect(item.checked).toBe(true);
    menu.click('open-at-login');
    await until(() => fake.loginItemSets.length > 0);
    expect(fake.loginItemSets).toEqual([{ openAtLogin: false }]);
  });

  it('not-registered is unchecked; clicking it registers the app', async () => {
    fake.loginItem = { openAtLogin: false, status: 'not-registered' };
    await launch({ platform: 'darwin' });
    const { menu, item } = loginMenuItem();
    expect(item.checked).toBe(false);
    menu.click('open-at-login');
    await until(() => fake.loginItemSets.length > 0);
    expect(fake.loginItemSets).toEqual([{ openAtLogin: true }]);
  });

  it('the popover can set it and sees the state the OS reports afterwards', async () => {
    fake.loginItem = { openAtLogin: false, status: 'not-registered' };
    const { running } = await launch({ platform: 'darwin' });
    // SMAppService registers the app but the user has not allowed it yet.
    fake.loginItem = { openAtLogin: false, status: 'requires-approval' };
    expect(await running.dispatch('preferences:set', { key: 'openAtLogin', value: true })).toEqual({ openAtLogin: 'requires-approval', keepRunning: false });
    expect(fake.loginItemSets).toEqual([{ openAtLogin: true }]);
  });

  it('is unsupported and disabled on Linux', async () => {
    await launch({ platform: 'linux' });
    const tray = onlyTray();
    const item = tray.contextMenu?.item('open-at-login');
    expect(item?.enabled).toBe(false);
    expect(item?.checked).toBe(false);
  });

  it('"Open Login Items settings" opens the macOS pane', async () => {
    const { running } = await launch({ platform: 'darwin' });
    await running.dispatch('login-items:open-settings', {});
    expect(fake.externals).toEqual(['x-apple.systempreferences:com.apple.LoginItems-Settings.extension']);
  });
});
