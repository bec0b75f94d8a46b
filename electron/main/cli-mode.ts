/**
 * The app's windowless command-line mode. The `hermes-bar` command of the installed app
 * (build/cli/hermes-bar, linked into PATH by "Install Command Line Tool…" or the Homebrew cask)
 * runs the app's own binary with CLI_SWITCH first; the fuses forbid ELECTRON_RUN_AS_NODE, so this
 * is the app's main entry recognising the switch, running the same command line as
 * `npx hermes-bar` (electron/cli/) and exiting with its status: no window, no tray, no lock.
 */
import type { Output } from '../cli/main.js';

export const CLI_SWITCH = '--hermes-bar-cli';

/** The command line's own arguments when the app was started as `hermes-bar`, else null. */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_SWITCH);
  return at >= 1 ? argv.slice(at + 1) : null;
}

/**
 * stdout and stderr written so that exiting waits for them: a pipe on macOS is asynchronous in
 * Node, and app.exit() would cut `hermes-bar status --json | jq` short.
 */
export function flushingOutput(): Output & { flushed(): Promise<void> } {
  const pending: Array<Promise<void>> = [];
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    pending.push(new Promise((resolve) => stream.write(`${text}\n`, () => resolve())));
  };
  return {
    out: (text) => write(process.stdout, text),
    err: (text) => write(process.stderr, text),
    flushed: async () => {
      await Promise.all(pending);
    },
  };
}

/** Runs the command line and exits the app with its status (0 done, 1 failed, 2 bad usage). */
export async function runCliMode(args: readonly string[], app: { exit(code: number): void }): Promise<number> {
  const output = flushingOutput();
  let code: number;
  try {
    const { main } = await import('../cli/main.js');
    code = await main(args, output);
  } catch (error) {
    output.err(`hermes-bar: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  await output.flushed();
  app.exit(code);
  return code;
}
