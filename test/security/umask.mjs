/**
 * Preload for test/security/file-modes.test.ts: `NODE_OPTIONS=--import=<this file>` with
 * HERMES_BAR_TEST_UMASK=<octal> runs a Node process (the CLI) under that umask, so a test can show
 * that the modes of the files it writes are the app's choice and not the user's umask.
 */
const mask = process.env.HERMES_BAR_TEST_UMASK;
if (mask !== undefined && /^[0-7]{1,4}$/.test(mask)) process.umask(Number.parseInt(mask, 8));
