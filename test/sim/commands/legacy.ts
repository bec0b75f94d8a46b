import { resolve } from 'node:path';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, fail, loadFailureText, ok } from '../messages.js';
import { readPlistLabel } from '../plist-file.js';
import type { CommandResult } from '../types.js';
import { bootoutJob } from './bootout-job.js';
import { loadJob } from './load-job.js';

interface LegacyArgs {
  flags: Set<string>;
  paths: string[];
}

function splitArgs(args: string[]): LegacyArgs {
  const flags = new Set<string>();
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') && paths.length === 0) for (const letter of arg.slice(1)) flags.add(letter);
    else paths.push(arg);
  }
  return { flags, paths };
}

/** legacy `load [-w] [-F] <plist>...`: exit 0 whatever happens; failures only as text. */
export function load(ctx: CommandContext): CommandResult {
  const { flags, paths } = splitArgs(ctx.args);
  const domain = ctx.state.domains.legacy(ctx.uid);
  const errors: string[] = [];
  for (const relative of paths) {
    const path = resolve(ctx.cwd, relative);
    const label = readPlistLabel(path);
    if (flags.has('w') && label !== null) ctx.state.overrides.set(domain.name, label, false);
    const failure = loadJob(ctx.state, domain, path, ctx.uid, { ignorePlistDisabled: flags.has('F') });
    if (failure !== null) errors.push(loadFailureText('Load', failure));
  }
  return { exit: EXIT.ok, stdout: '', stderr: errors.map((line) => `${line}\n`).join('') };
}

/** legacy `unload [-w] <plist>...`: exit 0 whatever happens. */
export function unload(ctx: CommandContext): CommandResult {
  const { flags, paths } = splitArgs(ctx.args);
  const domain = ctx.state.domains.legacy(ctx.uid);
  const errors: string[] = [];
  for (const relative of paths) {
    const label = readPlistLabel(resolve(ctx.cwd, relative));
    if (label === null) {
      errors.push(`Unload failed: ${EXIT.ioError}: ${TEXT.ioError}`);
      continue;
    }
    if (flags.has('w')) ctx.state.overrides.set(domain.name, label, true);
    const job = domain.jobs.get(label);
    if (job === undefined) errors.push(`Unload failed: ${EXIT.noSuchProcess}: ${TEXT.noSuchProcess}`);
    else bootoutJob(ctx.state, domain, job, ctx.rule);
  }
  return { exit: EXIT.ok, stdout: '', stderr: errors.map((line) => `${line}\n`).join('') };
}

/** legacy `start <label>`: spawns a loaded job that does not run (obeying the throttle). */
export function start(ctx: CommandContext): CommandResult {
  const job = ctx.args[0] === undefined ? undefined : ctx.state.domains.legacy(ctx.uid).jobs.get(ctx.args[0]);
  if (job === undefined || job.removing) return fail(EXIT.noSuchProcess, TEXT.noSuchProcess);
  job.requestSpawn();
  return ok();
}

/** legacy `stop <label>`: SIGTERM to the process; KeepAlive may respawn it. */
export function stop(ctx: CommandContext): CommandResult {
  const job = ctx.args[0] === undefined ? undefined : ctx.state.domains.legacy(ctx.uid).jobs.get(ctx.args[0]);
  if (job === undefined) return fail(EXIT.noSuchProcess, TEXT.noSuchProcess);
  job.signal('SIGTERM');
  return ok();
}
