import { parseServiceTarget, type Domain, type ServiceTarget } from '../domains.js';
import type { Job } from '../job.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, fail } from '../messages.js';
import type { CommandResult } from '../types.js';

export interface ResolvedService {
  target: ServiceTarget;
  domain: Domain;
  /** The job record, or null when the label is not loaded. */
  job: Job | null;
}

export function isResult(value: object): value is CommandResult {
  return 'exit' in value;
}

/** Parses `gui/U/label`: 64 with the subcommand's `usage` when malformed, 112 when the domain does not exist. */
export function resolveService(ctx: CommandContext, text: string | undefined, usage: string): ResolvedService | CommandResult {
  const target = text === undefined ? null : parseServiceTarget(text);
  if (target === null) return fail(EXIT.usage, TEXT.badTarget(usage));
  const domain = ctx.state.domains.get(target.domain);
  if (domain === null) return fail(EXIT.noDomain, TEXT.noDomain(target.domain.name));
  return { target, domain, job: domain.jobs.get(target.label) ?? null };
}

/** 113 "Could not find service" for a service that is not loaded. */
export function noService(target: ServiceTarget): CommandResult {
  return fail(EXIT.noService, TEXT.noService(target.label, target.domain.name));
}
