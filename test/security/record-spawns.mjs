/**
 * Preload for test/security/no-shell.test.ts: `NODE_OPTIONS=--import=<this file>` makes a Node
 * process record every child process it starts through node:child_process (execa uses spawn) as
 * one JSON line in $HERMES_BAR_SPAWN_LOG: the API, the program, its arguments and the shell
 * option. exec and execSync always use a shell, so they are recorded with one.
 * Plain JavaScript because it runs before, and outside, the TypeScript build.
 */
import { appendFileSync } from 'node:fs';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.HERMES_BAR_SPAWN_LOG;

/** The options object of a child_process call, wherever it sits in the arguments. */
function optionsOf(args) {
  return args.find((arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg)) ?? {};
}

function record(api, args) {
  const options = optionsOf(args);
  const alwaysShell = api === 'exec' || api === 'execSync';
  const entry = {
    pid: process.pid,
    script: process.argv[1] ?? null,
    api,
    file: String(args[0]),
    args: Array.isArray(args[1]) ? args[1].map(String) : [],
    shell: alwaysShell ? (options.shell ?? true) : (options.shell ?? false),
  };
  try {
    appendFileSync(log, `${JSON.stringify(entry)}\n`);
  } catch {
    // never change what the recorded process does
  }
}

if (log) {
  for (const api of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
    const original = childProcess[api];
    childProcess[api] = function recorded(...args) {
      record(api, args);
      return original.apply(this, args);
    };
  }
  // `import { spawn } from 'node:child_process'` (as execa does) sees the wrapped functions too.
  syncBuiltinESMExports();
}
