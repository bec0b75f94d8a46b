/**
 * dispatch's Platform on Electron: the login item, opening and revealing files, System Settings,
 * the clipboard, the popover's window, quitting, the app's own keep-running setting, and linking
 * its command line tool.
 */
import { homedir } from 'node:os';
import { app, clipboard, dialog, shell } from 'electron';
import type { MessageBoxOptions } from 'electron';
import type { LoginItemState } from '../ipc-contract.js';
import type { SettingsStore } from './app-settings.js';
import { offerCliInstall } from './cli-install.js';
import type { Platform } from './dispatch.js';
import { LOGIN_ITEMS_SETTINGS_URL, loginItemStateOf } from './login-item.js';
import type { Popover } from './popover.js';

/** A native message box with one OK button, in front (a Dock-less app's dialog would open behind the front app). */
export async function tellUser(platform: NodeJS.Platform, box: Pick<MessageBoxOptions, 'type' | 'message' | 'detail'>): Promise<void> {
  if (platform === 'darwin') app.focus({ steal: true });
  await dialog.showMessageBox({ title: 'Hermes Bar', buttons: ['OK'], noLink: true, ...box });
}

export function electronPlatform(settings: SettingsStore, popover: Pick<Popover, 'resize' | 'hide'>, platform: NodeJS.Platform = process.platform): Platform {
  const self: Platform = {
    async confirm({ message, detail, confirm }) {
      if (platform === 'darwin') app.focus({ steal: true }); // a Dock-less app's dialog would open behind the front app
      const cancel = 1;
      const answer = await dialog.showMessageBox({ type: 'warning', title: 'Hermes Bar', message, detail, buttons: [confirm, 'Cancel'], defaultId: cancel, cancelId: cancel, noLink: true });
      return answer.response === 0;
    },
    loginItemState: (): LoginItemState => loginItemStateOf(app.getLoginItemSettings(), platform),
    setOpenAtLogin(open) {
      // Electron has no login items on Linux; the popover shows `unsupported` there.
      if (platform !== 'linux') app.setLoginItemSettings({ openAtLogin: open });
    },
    async openLoginItemsSettings() {
      if (platform === 'darwin') await shell.openExternal(LOGIN_ITEMS_SETTINGS_URL);
    },
    async openPaths(paths) {
      for (const file of paths) {
        const failure = await shell.openPath(file);
        if (failure) throw new Error(`Could not open ${file}: ${failure}`);
      }
    },
    revealPath: (file) => shell.showItemInFolder(file),
    resizePopover: (height) => popover.resize(height),
    hidePopover: () => popover.hide(),
    quit: () => app.quit(),
    writeClipboard: (text) => clipboard.writeText(text),
    keepRunning: () => settings.get().keepRunning,
    setKeepRunning: (value) => {
      settings.update({ keepRunning: value });
    },
    async installCommandLineTool() {
      await offerCliInstall(
        { resourcesPath: app.isPackaged ? process.resourcesPath : null, home: homedir(), pathVariable: process.env.PATH ?? '', appImage: process.env.APPIMAGE ?? null },
        { ask: (question) => self.confirm(question), tell: (message, detail) => tellUser(platform, { type: 'info', message, detail }) },
      );
    },
  };
  return self;
}
