/**
 * The main process put together: tray, popover, IPC, notifications, the repair check. Glue only;
 * every lifecycle decision is the engine's. One data flow: monitor.onChange → tray + push to the
 * popover (+ notifications); a click → one call into the engine (monitor) or dispatch.
 */
import path from 'node:path';
import { app, ipcMain, Menu, powerMonitor, session } from 'electron';
import { healthOf } from '../health.js';
import { ipcName, PUSH } from '../ipc-contract.js';
import type { Engine } from '../service/engine.js';
import { toErrorInfo } from '../service/errors.js';
import { observeAtLaunch } from '../service/launch-policy.js';
import { DEFAULT_MONITOR_TIMING, StatusMonitor } from '../service/monitor.js';
import type { MonitorTiming } from '../service/monitor.js';
import { readSettings } from '../service/settings.js';
import type { Operation } from '../service/types.js';
import { AppLog, createLoggedEngine } from './app-log.js';
import { SettingsStore } from './app-settings.js';
import { menuTemplate } from './context-menu.js';
import type { MenuActions } from './context-menu.js';
import { createDispatch } from './dispatch.js';
import type { Dispatch } from './dispatch.js';
import { registerIpc } from './ipc.js';
import { launcherPath } from './launcher-target.js';
import { Notifier } from './notifier.js';
import { appPaths } from './paths.js';
import type { AppPaths } from './paths.js';
import { electronPlatform, tellUser } from './platform.js';
import { Popover } from './popover.js';
import { RepairPrompt } from './repair-prompt.js';
import { hardenSession } from './security.js';
import { loadTrayIcons } from './tray-icons.js';
import { statusLine } from './tray-state.js';
import { TrayController } from './tray.js';
import { appMenuItems, checkResult } from './update-menu.js';
import type { AppMenuActions } from './update-menu.js';
import { platformUpdater, UpdateController } from './updater.js';
import type { UpdaterChoice } from './updater.js';

/** How often to look whether Hermes's launcher now resolves elsewhere (one realpath call). */
export const LAUNCHER_CHECK_MS = 60_000;

export interface StartOptions {
  engine?: Engine;
  monitorTiming?: MonitorTiming;
  paths?: AppPaths;
  platform?: NodeJS.Platform;
  /** Where the app's own log goes; Electron's logs folder by default (~/Library/Logs/Hermes Bar, ~/.config/Hermes Bar/logs). */
  logDir?: string;
  /** The self-updater; electron-updater's for this platform by default (updater.ts). */
  updater?: UpdaterChoice;
}

export interface RunningApp {
  engine: Engine;
  monitor: StatusMonitor;
  dispatch: Dispatch;
  settings: SettingsStore;
  popover: Popover;
  tray: TrayController;
  notifier: Notifier;
  repair: RepairPrompt;
  updates: UpdateController;
  log: AppLog;
  /** Resolves when the launch sequence (first look, rule 6, repair check) is done. */
  launched: Promise<void>;
}

/** Returns null in a second copy of the app, which hands over to the first and quits. */
export async function startApp(options: StartOptions = {}): Promise<RunningApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  app.dock?.hide();

  const os = options.platform ?? process.platform;
  const paths = options.paths ?? appPaths();
  const log = new AppLog(options.logDir ?? app.getPath('logs'));
  log.write(`Hermes Bar ${app.getVersion()} started on ${os}`);
  const logFailure = (what: string) => (error: unknown) => {
    console.error(`hermes-bar: ${what}:`, error);
    log.write(`${what} failed: ${toErrorInfo(error).message}`);
  };
  const settings = new SettingsStore(path.join(app.getPath('userData'), 'settings.json'));
  const engine = options.engine ? log.operations(options.engine) : createLoggedEngine(readSettings(), log);
  const monitor = new StatusMonitor(engine, options.monitorTiming ?? DEFAULT_MONITOR_TIMING);
  hardenSession(session.defaultSession);

  // The popover and the tray point at each other (the popover opens under the icon, the icon toggles it).
  let tray: TrayController | null = null;
  const popover = new Popover({
    paths,
    anchor: () => tray?.anchor() ?? { x: 0, y: 0, width: 1, height: 1 },
    onVisibilityChange: (open) => monitor.setActive(open),
    platform: os,
    version: app.getVersion(),
    userHome: engine.settings.userHome,
  });
  const platform = electronPlatform(settings, popover, os);
  const updates = new UpdateController({
    choice: options.updater ?? platformUpdater(os, process.env, app.isPackaged),
    currentVersion: app.getVersion(),
    settings,
    operations: monitor,
    log: (line) => log.write(line),
    beforeRestart: () => popover.allowClose(),
  });
  const dispatch = createDispatch({ engine, monitor, platform, appLogFile: log.file, appVersion: app.getVersion(), updates });
  const notifier = new Notifier(() => popover.show());

  const run = async (operation: Operation): Promise<void> => {
    notifier.operationFinished(await monitor.run(operation, monitor.snapshot.profile));
  };
  const actions: MenuActions = {
    run: (operation) => void run(operation).catch(logFailure(operation)),
    openLogs: () => void dispatch('logs:open', { profile: monitor.snapshot.profile }).catch(logFailure('open logs')),
    setOpenAtLogin: (open) => void dispatch('preferences:set', { key: 'openAtLogin', value: open }).catch(logFailure('open at login')),
    openLoginItemsSettings: () => void dispatch('login-items:open-settings', {}).catch(logFailure('login items settings')),
    showPopover: () => popover.show(),
    quit: () => app.quit(),
  };
  const appActions: AppMenuActions = {
    checkForUpdates: () => void updates.check().then(async (state) => tellUser(os, checkResult(state))).catch(logFailure('update check')),
    restartToUpdate: () => void updates.restart(),
    installCommandLineTool: () => void platform.installCommandLineTool().catch(logFailure('install command line tool')),
  };
  const menu = (): Menu =>
    Menu.buildFromTemplate(
      menuTemplate(
        {
          statusLine: statusLine(monitor.snapshot),
          health: healthOf(monitor.snapshot),
          loginItem: platform.loginItemState(),
          withOpenItem: os === 'linux',
          // The app's own items (updates, the command line) in their group just above Quit.
          appItems: appMenuItems(updates.state, appActions),
        },
        actions,
      ),
    );
  tray = new TrayController({ icons: loadTrayIcons(paths.assets, os), menu, onClick: () => popover.toggle(), platform: os });

  registerIpc(ipcMain, dispatch, (event) => popover.isTrustedSender(event));
  monitor.onChange((snapshot) => {
    tray?.update(snapshot);
    popover.send(ipcName(PUSH.status), snapshot);
    notifier.observe(snapshot);
  });
  monitor.onOperation((event) => popover.send(ipcName(PUSH.operation), event));
  updates.onChange((state) => {
    popover.send(ipcName(PUSH.update), state);
    if (os === 'linux') tray?.tray.setContextMenu(menu()); // Linux shows a menu set in advance
  });

  const repair = new RepairPrompt({ engine, monitor, settings, version: app.getVersion(), launcher: launcherPath(engine.settings) });
  const launcherTimer = setInterval(() => void repair.check('launcher-check').catch(logFailure('launcher check')), LAUNCHER_CHECK_MS);
  launcherTimer.unref();

  app.on('second-instance', () => popover.show());
  // A menu-bar app lives on when its window closes (the popover only hides, but be explicit).
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    log.write('Hermes Bar quit');
    popover.allowClose();
    monitor.stop();
    updates.stop();
    clearInterval(launcherTimer);
  });
  powerMonitor.on('resume', () => {
    void monitor.refresh();
    void repair.check('wake').catch(logFailure('repair check on wake'));
  });

  const launched = (async () => {
    await monitor.start();
    updates.start();
    // Rule 6: at launch only look; load an unloaded job once if the user asked to keep it running.
    const { result } = await observeAtLaunch(engine, monitor.snapshot.profile, settings.get().keepRunning);
    if (result) await monitor.refresh();
    await repair.check('launch');
  })().catch(logFailure('launch'));

  return { engine, monitor, dispatch, settings, popover, tray, notifier, repair, updates, log, launched };
}
