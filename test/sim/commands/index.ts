import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, fail, ok } from '../messages.js';
import type { CommandResult } from '../types.js';
import { bootout } from './bootout.js';
import { bootstrap } from './bootstrap.js';
import { disable, enable, printDisabled } from './enable.js';
import { kickstart } from './kickstart.js';
import { kill } from './kill.js';
import { load, start, stop, unload } from './legacy.js';
import { list } from './list.js';
import { print } from './print.js';

type Handler = (ctx: CommandContext) => CommandResult | Promise<CommandResult>;

const HANDLERS: ReadonlyMap<string, Handler> = new Map(Object.entries({
  bootstrap,
  bootout,
  kickstart,
  print,
  'print-disabled': printDisabled,
  enable,
  disable,
  kill,
  list,
  load,
  unload,
  start,
  stop,
  help: (): CommandResult => ok(`${TEXT.usage}\n`),
} satisfies Record<string, Handler>));

/** Runs one launchctl subcommand. */
export async function runCommand(subcommand: string | undefined, ctx: CommandContext): Promise<CommandResult> {
  const handler = subcommand === undefined ? undefined : HANDLERS.get(subcommand);
  if (handler === undefined) {
    const head = subcommand === undefined ? '' : `Unrecognized subcommand: ${subcommand}\n`;
    return fail(EXIT.usage, `${head}${TEXT.usage}`);
  }
  return handler(ctx);
}
