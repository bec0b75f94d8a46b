import { parseDomain, parseServiceTarget } from '../domains.js';
import type { CommandContext } from '../launchd-state.js';
import { EXIT, TEXT, USAGE, fail, ok } from '../messages.js';
import type { CommandResult } from '../types.js';

function setOverride(ctx: CommandContext, disabled: boolean): CommandResult {
  const target = ctx.args[0] === undefined ? null : parseServiceTarget(ctx.args[0]);
  if (target === null) return fail(EXIT.usage, TEXT.badTarget(disabled ? USAGE.disable : USAGE.enable));
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

/**
 * `print-disabled <domain>`, in macOS 26's layout: the `disabled services` block at the left
 * margin, one override a line as `"label" => disabled` (older systems: `=> true`), then the
 * `login item associations` block newer systems add.
 */
export function printDisabled(ctx: CommandContext): CommandResult {
  const domain = ctx.args[0] === undefined ? null : parseDomain(ctx.args[0]);
  if (domain === null) return fail(EXIT.usage, TEXT.badTarget(USAGE.printDisabled));
  const rows = [...ctx.state.overrides.forDomain(domain.name)].map(
    ([label, disabled]) => `\t"${label}" => ${disabled ? 'disabled' : 'enabled'}`,
  );
  return ok(['disabled services = {', ...rows, '}', 'login item associations = {', '}', ''].join('\n'));
}
