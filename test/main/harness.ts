/**
 * Starts the real main process (startApp) against the fake Electron and a FakeEngine. The test
 * file must `vi.mock('electron', () => import('./fake-electron.js'))` before importing this.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../../electron/main/app.js';
import type { RunningApp } from '../../electron/main/app.js';
import type { AppSettings } from '../../electron/main/app-settings.js';
import type { AppPaths } from '../../electron/main/paths.js';
import type { UpdaterChoice } from '../../electron/main/updater.js';
import { app, fake } from './fake-electron.js';
import { FakeEngine, QUIET_TIMING, tempDir } from './fake-engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const TEST_PATHS: AppPaths = {
  renderer: '/Applications/Hermes Bar.app/Contents/Resources/app/dist/renderer/index.html',
  preload: '/Applications/Hermes Bar.app/Contents/Resources/app/dist/preload/index.cjs',
  assets: path.join(repo, 'assets'),
};

export interface LaunchOptions {
  engine?: FakeEngine;
  /** The settings file as the last run left it. */
  settings?: Partial<AppSettings>;
  platform?: NodeJS.Platform;
  updater?: UpdaterChoice;
  /** Where the app's log goes; null: the app's own choice (Electron's logs folder, the fake's `fake.logs`). */
  logDir?: string | null;
}

export interface Launched {
  running: RunningApp;
  engine: FakeEngine;
  userData: string;
}

export async function launch(options: LaunchOptions = {}): Promise<Launched> {
  const engine = options.engine ?? new FakeEngine();
  const userData = tempDir('hb-main-userdata-');
  fake.userData = userData;
  if (options.settings) writeFileSync(path.join(userData, 'settings.json'), JSON.stringify(options.settings));
  const running = await startApp({
    engine,
    monitorTiming: QUIET_TIMING,
    paths: TEST_PATHS,
    platform: options.platform ?? 'darwin',
    ...(options.logDir === null ? {} : { logDir: options.logDir ?? tempDir('hb-main-logs-') }),
    ...(options.updater ? { updater: options.updater } : {}),
  });
  if (!running) throw new Error('startApp returned null: not the primary instance');
  await running.launched;
  return { running, engine, userData };
}

/** Quitting stops the monitor's timers. */
export function quit(): void {
  app.emit('before-quit');
}

export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending promise chains (a click's monitor.run, a dispatch) settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
