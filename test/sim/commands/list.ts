import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, fail, ok } from '../messages.js';
import { formatListEntry, formatListTable } from '../print-format.js';
import type { CommandResult } from '../types.js';

/** legacy `list [label]`, on gui/<uid> when it exists, else user/<uid>. */
export function list(ctx: CommandContext): CommandResult {
  const domain = ctx.state.domains.legacy(ctx.uid);
  const [label] = ctx.args;
  if (label === undefined) return ok(formatListTable([...domain.jobs.values()]));
  const job = domain.jobs.get(label);
  if (job === undefined) return fail(EXIT.noService, TEXT.noServiceLegacy(label));
  return ok(formatListEntry(job));
}
