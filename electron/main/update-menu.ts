/**
 * The app's own menu items: the update's (Check for Updates…, its progress, Restart to Update) and
 * Install Command Line Tool…, as a template the tray menu splices in, and the words a manual
 * check answers with. Each item calls one action (app.ts).
 */
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type { UpdateState } from '../ipc-contract.js';

export interface AppMenuActions {
  checkForUpdates(): void;
  restartToUpdate(): void;
  installCommandLineTool(): void;
}

function updateItem(state: UpdateState, actions: AppMenuActions): MenuItemConstructorOptions {
  const id = 'update';
  switch (state.phase) {
    case 'checking':
      return { id, label: 'Checking for Updates…', enabled: false };
    case 'downloading':
      return { id, label: `Downloading Hermes Bar ${state.version}…${state.percent ? ` ${state.percent} %` : ''}`, enabled: false };
    case 'ready':
      return state.canRestart
        ? { id, label: `Restart to Update to ${state.version}`, click: () => actions.restartToUpdate() }
        : { id, label: `Restart to Update to ${state.version} (after the running operation)`, enabled: false };
    default:
      return { id, label: 'Check for Updates…', click: () => actions.checkForUpdates() };
  }
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
