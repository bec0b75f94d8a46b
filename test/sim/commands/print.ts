import { parseDomain } from '../domains.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, ok } from '../messages.js';
import { formatDomainPrint, formatJobPrint } from '../print-format.js';
import type { CommandResult } from '../types.js';
import { isResult, noService, resolveService } from './target.js';

/** `print`'s failures open with `Bad request.` on current macOS; the next line says what happened. */
function badRequest(result: CommandResult): CommandResult {
  return result.exit === EXIT.noDomain || result.exit === EXIT.noService ? { ...result, stderr: `${TEXT.badRequest}\n${result.stderr}` } : result;
}

/** `print <domain>` or `print <domain>/<label>`: 112 without the domain, 113 without the job. */
export function print(ctx: CommandContext): CommandResult {
  const [text] = ctx.args;
  const domainName = text === undefined ? null : parseDomain(text);
  if (domainName !== null) {
    const domain = ctx.state.domains.get(domainName);
    if (domain === null) return badRequest(fail(EXIT.noDomain, TEXT.noDomain(domainName.name)));
    return ok(formatDomainPrint(domain));
  }
  const service = resolveService(ctx, text, USAGE.print);
  if (isResult(service)) return badRequest(service);
  if (service.job === null) return badRequest(noService(service.target));
  return ok(formatJobPrint(service.job, ctx.state.home));
}
