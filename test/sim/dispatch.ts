import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from './commands/index.js';
import { takeInjectedRule } from './inject.js';
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

function takeRule(state: LaunchdState, argv: string[]): InjectRule | null {
  try {
    return takeInjectedRule(state.paths.inject, argv);
  } catch (error) {
    process.stderr.write(`launchd: ignoring unreadable inject.json: ${(error as Error).message}\n`);
    return null;
  }
}

/** Handles one request: fault injection first, then the command; logs the answer. */
export async function dispatch(state: LaunchdState, request: SimRequest): Promise<CommandResult> {
  const [subcommand, ...args] = request.argv;
  const rule = takeRule(state, request.argv);
  if (rule?.delayMs !== undefined && rule.delayMs > 0) await sleep(rule.delayMs);
  let result: CommandResult;
  if (rule?.exit !== undefined) {
    result = injectedResult({ ...rule, exit: rule.exit });
  } else {
    try {
      result = await runCommand(subcommand, { state, args, uid: request.uid, cwd: request.cwd, rule });
    } catch (error) {
      result = fail(EXIT.internal, `launchd simulator: ${(error as Error).stack ?? String(error)}`);
    }
  }
  state.log.append({ type: 'command', argv: request.argv, exit: result.exit });
  return result;
}
