import { resolve } from 'node:path';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, loadFailureText, ok } from '../messages.js';
import { parseDomain } from '../domains.js';
import type { CommandResult } from '../types.js';
import { loadJob } from './load-job.js';

/** `bootstrap <domain> <plist>...` */
export function bootstrap(ctx: CommandContext): CommandResult {
  const [domainText, ...paths] = ctx.args;
  if (domainText === undefined || paths.length === 0) {
    return fail(EXIT.usage, USAGE.bootstrap);
  }
  const name = parseDomain(domainText);
  if (name === null) return fail(EXIT.usage, TEXT.badTarget(USAGE.bootstrap));
  const domain = ctx.state.domains.get(name);
  if (domain === null) {
    return fail(EXIT.domainUnsupported, loadFailureText('Bootstrap', { code: EXIT.domainUnsupported, detail: null }));
  }
  for (const path of paths) {
    const failure = loadJob(ctx.state, domain, resolve(ctx.cwd, path), ctx.uid);
    if (failure !== null) return fail(failure.code, loadFailureText('Bootstrap', failure));
  }
  return ok();
}
