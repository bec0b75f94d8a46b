import { parseDomain, parseServiceTarget } from '../domains.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, fail, ok } from '../messages.js';
import type { CommandResult } from '../types.js';

function setOverride(ctx: CommandContext, disabled: boolean): CommandResult {
  const target = ctx.args[0] === undefined ? null : parseServiceTarget(ctx.args[0]);
  if (target === null) return fail(EXIT.usage, `Unrecognized target specifier: ${ctx.args[0] ?? ''}`);
  ctx.state.overrides.set(target.domain.name, target.label, disabled);
  return ok();
}

/** `enable <service>`: a persistent override; does not load anything. */
export function enable(ctx: CommandContext): CommandResult {
  return setOverride(ctx, false);
}

/** `disable <service>`: a persistent override; a loaded job keeps running. */
export function disable(ctx: CommandContext): CommandResult {
  return setOverride(ctx, true);
}

/** `print-disabled <domain>`. */
export function printDisabled(ctx: CommandContext): CommandResult {
  const domain = ctx.args[0] === undefined ? null : parseDomain(ctx.args[0]);
  if (domain === null) return fail(EXIT.usage, `Unrecognized target specifier: ${ctx.args[0] ?? ''}`);
  const rows = [...ctx.state.overrides.forDomain(domain.name)].map(
    ([label, disabled]) => `\t\t"${label}" => ${disabled ? 'disabled' : 'enabled'}`,
  );
  return ok(['\tdisabled services = {', ...rows, '\t}', ''].join('\n'));
}
