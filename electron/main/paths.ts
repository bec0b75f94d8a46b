/**
 * Files the main process loads, found relative to the built main file (dist/electron/main/), never
 * the working directory: `electron .`, a packaged app.asar and the tests all start elsewhere.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPaths {
  /** The popover, built by vite into dist/renderer/. */
  renderer: string;
  /** The sandboxed preload, bundled to one CommonJS file by scripts/build-preload.mjs. */
  preload: string;
  /** The tray images (assets/tray/) and the app icon. */
  assets: string;
}

export function appPaths(mainDir: string = path.dirname(fileURLToPath(import.meta.url))): AppPaths {
  const dist = path.resolve(mainDir, '..', '..');
  return {
    renderer: path.join(dist, 'renderer', 'index.html'),
    preload: path.join(dist, 'preload', 'index.cjs'),
    assets: path.join(dist, '..', 'assets'),
  };
}
