/**
 * The Electron main process's entry (package.json "main" → dist/electron/main/index.js, ESM).
 * Everything happens in startApp; this file only reports a launch that failed outright.
 */
import { app } from 'electron';
import { startApp } from './app.js';

startApp().catch((error: unknown) => {
  console.error('hermes-bar: could not start:', error);
  app.exit(1);
});
