/**
 * The app's own menu items: the update's (Check for Updates…, its progress, Restart to Update) and
 * Install Command Line Tool…, for the tray menu's group of app items above Quit, and the words a manual
 * check answers with. Each item calls one action (app.ts).
 */
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type { UpdateState } from '../ipc-contract.js';
import { updateAction } from '../update-words.js';

export interface AppMenuActions {
  checkForUpdates(): void;
  restartToUpdate(): void;
  installCommandLineTool(): void;
}

function updateItem(state: UpdateState, actions: AppMenuActions): MenuItemConstructorOptions {
  const { label, action } = updateAction(state);
  if (action === null) return { id: 'update', label, enabled: false };
  return { id: 'update', label, click: () => (action === 'restart' ? actions.restartToUpdate() : actions.checkForUpdates()) };
}

export function appMenuItems(state: UpdateState, actions: AppMenuActions): MenuItemConstructorOptions[] {
  return [updateItem(state, actions), { id: 'install-cli', label: 'Install Command Line Tool…', click: () => actions.installCommandLineTool() }];
}

/** What "Check for Updates…" answers once the feed has (a native message box). */
export function checkResult(state: UpdateState): Pick<MessageBoxOptions, 'type' | 'message' | 'detail'> {
  switch (state.phase) {
    case 'up-to-date':
      return { type: 'info', message: 'Hermes Bar is up to date', detail: `Version ${state.currentVersion} is the newest.` };
    case 'downloading':
      return {
        type: 'info',
        message: `Hermes Bar ${state.version} is available`,
        detail: `It is downloading in the background (you have ${state.currentVersion}). "Restart to Update" appears in the menu when it is ready; the gateway keeps running through the update.`,
      };
    case 'ready':
      return { type: 'info', message: `Hermes Bar ${state.version} is ready to install`, detail: 'Choose "Restart to Update" in the menu; the gateway keeps running through the update.' };
    default:
      return {
        type: 'warning',
        message: state.error?.message ?? 'Could not check for updates',
        detail: [state.error?.explanation, state.error?.nextStep].filter(Boolean).join('\n\n'),
      };
  }
}
