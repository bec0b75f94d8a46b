/**
 * The app's own login item (LAUNCHD.md, "Login items"). macOS 13+ reports SMAppService's status,
 * which is shown as it is: `requires-approval` is neither on nor off, the user must allow it in
 * System Settings. Elsewhere the state is derived from `openAtLogin`; Linux has no login items in
 * Electron.
 */
import type { LoginItemState } from '../ipc-contract.js';

export const LOGIN_ITEMS_SETTINGS_URL = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';

const REPORTED = new Set<string>(['enabled', 'not-registered', 'requires-approval', 'not-found']);

/** What `app.getLoginItemSettings()` returns, as far as it matters here (`status` may be absent). */
export interface LoginItemReading {
  openAtLogin: boolean;
  status?: string | undefined;
}

export function loginItemStateOf(reading: LoginItemReading, platform: NodeJS.Platform): LoginItemState {
  if (platform === 'linux') return 'unsupported';
  if (platform === 'darwin' && reading.status !== undefined && REPORTED.has(reading.status)) return reading.status as LoginItemState;
  return reading.openAtLogin ? 'enabled' : 'not-registered';
}

/** The tray menu's "Open at Login" item: checked only when it really is on. */
export function loginMenuItem(state: LoginItemState): { label: string; checked: boolean; enabled: boolean; opensSettings: boolean } {
  switch (state) {
    case 'enabled':
      return { label: 'Open at Login', checked: true, enabled: true, opensSettings: false };
    case 'requires-approval':
      // Registered but not allowed: toggling would not help, System Settings is where it is decided.
      return { label: 'Open at Login (allow in System Settings…)', checked: false, enabled: true, opensSettings: true };
    case 'unsupported':
      return { label: 'Open at Login (not available here)', checked: false, enabled: false, opensSettings: false };
    case 'not-registered':
    case 'not-found':
      return { label: 'Open at Login', checked: false, enabled: true, opensSettings: false };
  }
}
