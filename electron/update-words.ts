/**
 * The words of the app's own update, shared by the tray menu (electron/main/update-menu.ts) and
 * the popover (its ⋯ menu and Settings): the one update item with what it does, and one line on
 * where the update stands.
 */
import type { UpdateState } from './ipc-contract.js';

export interface UpdateAction {
  label: string;
  /** What choosing it does; null: it only says what is under way (shown disabled). */
  action: 'check' | 'restart' | null;
}

export function updateAction(state: UpdateState): UpdateAction {
  switch (state.phase) {
    case 'checking':
      return { label: 'Checking for Updates…', action: null };
    case 'downloading':
      return { label: `Downloading Hermes Bar ${state.version}…${state.percent ? ` ${state.percent} %` : ''}`, action: null };
    case 'ready':
      return state.canRestart
        ? { label: `Restart to Update to ${state.version}`, action: 'restart' }
        : { label: `Restart to Update to ${state.version} (after the running operation)`, action: null };
    default:
      return { label: 'Check for Updates…', action: 'check' };
  }
}

/** One line on where the app's own update stands. */
export function updateLine(state: UpdateState): string {
  switch (state.phase) {
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `Hermes Bar is up to date (${state.currentVersion})`;
    case 'downloading':
      return `Downloading Hermes Bar ${state.version}…${state.percent ? ` ${state.percent} %` : ''}`;
    case 'ready':
      return state.canRestart ? `Hermes Bar ${state.version} is ready to install` : `Hermes Bar ${state.version} is ready: it installs after the running operation`;
    case 'error':
    case 'unsupported':
      return state.error?.message ?? 'Could not check for updates';
    default:
      return `Hermes Bar ${state.currentVersion}`;
  }
}
