import { parseDomain } from '../domains.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, fail, ok } from '../messages.js';
import { formatDomainPrint, formatJobPrint } from '../print-format.js';
import type { CommandResult } from '../types.js';
import { isResult, noService, resolveService } from './target.js';

/** `print <domain>` or `print <domain>/<label>`. */
export function print(ctx: CommandContext): CommandResult {
  const [text] = ctx.args;
  const domainName = text === undefined ? null : parseDomain(text);
  if (domainName !== null) {
    const domain = ctx.state.domains.get(domainName);
    if (domain === null) return fail(EXIT.noDomain, TEXT.noDomain(domainName.name));
    return ok(formatDomainPrint(domain));
  }
  const service = resolveService(ctx, text);
  if (isResult(service)) return service;
  if (service.job === null) return noService(service.target);
  return ok(formatJobPrint(service.job, ctx.state.home));
}
