import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from './commands/index.js';
import { takeInjectedRuleOrNull } from './inject.js';
import type { LaunchdState } from './launchd-state.js';
import { EXIT, fail } from './messages.js';
import type { CommandResult, InjectRule, SimRequest } from './types.js';

function withNewline(text: string | undefined): string {
  if (text === undefined || text === '' || text.endsWith('\n')) return text ?? '';
  return `${text}\n`;
}

function injectedResult(rule: InjectRule & { exit: number }): CommandResult {
  return { exit: rule.exit, stdout: withNewline(rule.stdout), stderr: withNewline(rule.stderr) };
}

/** Handles one request: fault injection first, then the command; logs the answer. */
export async function dispatch(state: LaunchdState, request: SimRequest): Promise<CommandResult> {
  const [subcommand, ...args] = request.argv;
  const rule = takeInjectedRuleOrNull(state.paths.inject, request.argv);
  if (rule?.delayMs !== undefined && rule.delayMs > 0) await sleep(rule.delayMs);
  let result: CommandResult | null = rule?.exit !== undefined && rule.executed !== true ? injectedResult({ ...rule, exit: rule.exit }) : null;
  if (result === null) {
    try {
      result = await runCommand(subcommand, { state, args, uid: request.uid, cwd: request.cwd, rule });
    } catch (error) {
      result = fail(EXIT.internal, `launchd simulator: ${(error as Error).stack ?? String(error)}`);
    }
    // launchd did the work and answered otherwise (bootout's 36: Operation now in progress).
    if (rule?.exit !== undefined) result = injectedResult({ ...rule, exit: rule.exit });
  }
  state.log.append({ type: 'command', argv: request.argv, exit: result.exit });
  return result;
}
