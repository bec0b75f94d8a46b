/**
 * The Electron main process's entry (package.json "main" → dist/electron/main/index.js, ESM).
 * Started as `hermes-bar` (cli-mode.ts) it runs the command line and exits, windowless; otherwise
 * everything happens in startApp, and this file only reports a launch that failed outright.
 */
import { app } from 'electron';
import { cliArguments, runCliMode } from './cli-mode.js';

const cli = cliArguments(process.argv);
if (cli) {
  void runCliMode(cli, app);
} else {
  import('./app.js')
    .then(({ startApp }) => startApp())
    .catch((error: unknown) => {
      console.error('hermes-bar: could not start:', error);
      app.exit(1);
    });
}
