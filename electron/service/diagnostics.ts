/**
 * The diagnostics report ("Copy diagnostics", `hermes-bar doctor --report`): versions, status,
 * problems, the plist, launchd's record of the job and the end of the gateway's error log, as
 * text for a bug report. The facts are gathered by the backend; this turns them into text and
 * redacts on the way: the plist's environment by name and value, then the whole text once more,
 * so nothing token-shaped leaves the machine whatever section it hides in.
 */
import type { ErrorInfo } from './errors.js';
import type { PlistDict } from './launchd/plist-file.js';
import { environment, renderDict } from './launchd/plist-file.js';
import { redactEnvironment, redactText } from './redact.js';
import type { GatewayStatus } from './types.js';

/** How much of the gateway's error log goes into a report. */
export const ERROR_LOG_LINES = 40;

export interface Versions {
  app: string;
  hermes: string | null;
  os: string;
  runtime: string;
}

export type PlistFacts =
  | { path: string; kind: 'missing' }
  | { path: string; kind: 'symlink' }
  | { path: string; kind: 'parsed'; dict: PlistDict }
  | { path: string; kind: 'unparsable'; reason: string; text: string }
  /** A systemd unit, as text: its Environment= lines are redacted with the rest of the report. */
  | { path: string; kind: 'unit'; text: string };

export interface DiagnosticFacts {
  generatedAt: Date;
  versions: Versions;
  /** Why the gateway could not be looked at (for example Hermes is not installed). */
  error: ErrorInfo | null;
  status: GatewayStatus | null;
  plist: PlistFacts | null;
  /** The service manager's record of the job (`launchctl print`, `systemctl --user show`). */
  job: { command: string; exitCode: number; output: string } | null;
  errorLog: { path: string; exists: boolean; lines: string[] } | null;
}

function section(title: string, body: string): string {
  return `## ${title}\n${body.trimEnd()}\n`;
}

function plistText(plist: PlistFacts): string {
  switch (plist.kind) {
    case 'missing':
      return '(no plist)';
    case 'symlink':
      return '(a symbolic link: not followed)';
    case 'unparsable':
      return `(cannot be parsed: ${plist.reason})\n${plist.text}`;
    case 'unit':
      return plist.text;
    case 'parsed': {
      const dict: PlistDict = { ...plist.dict };
      if (dict.EnvironmentVariables !== undefined) dict.EnvironmentVariables = redactEnvironment(environment(plist.dict));
      return renderDict(dict);
    }
  }
}

function problemLines(status: GatewayStatus): string {
  if (status.problems.length === 0) return '(none)';
  return status.problems
    .map((p) => `- ${p.code} (${p.severity}): ${p.message}${p.fix ? `\n  repair: ${p.fix}` : p.nextStep ? `\n  next: ${p.nextStep}` : ''}`)
    .join('\n');
}

export function renderDiagnostics(facts: DiagnosticFacts): string {
  const { versions, status } = facts;
  const parts = [
    `# Hermes Bar diagnostics\n\nGenerated ${facts.generatedAt.toISOString()}. Values that look like tokens, keys or passwords are replaced by [redacted].\n`,
    section(
      'Versions',
      [`Hermes Bar: ${versions.app}`, `Hermes: ${versions.hermes ?? '(not found)'}`, `System: ${versions.os}`, `Runtime: ${versions.runtime}`].join('\n'),
    ),
  ];
  if (facts.error) {
    const { code, message, explanation, nextStep } = facts.error;
    parts.push(section('Error', `${code}: ${message}\n${explanation}\nNext step: ${nextStep}`));
  }
  if (status) {
    const { problems: _problems, ...rest } = status;
    parts.push(section('Status', JSON.stringify(rest, null, 2)), section('Problems', problemLines(status)));
  }
  if (facts.plist) parts.push(section(`${facts.plist.kind === 'unit' ? 'Unit' : 'Plist'} ${facts.plist.path}`, plistText(facts.plist)));
  if (facts.job) parts.push(section(`${facts.job.command} (exit ${facts.job.exitCode})`, facts.job.output || '(no output)'));
  if (facts.errorLog) {
    const log = facts.errorLog;
    const body = !log.exists ? '(no log yet)' : log.lines.length === 0 ? '(empty)' : log.lines.join('\n');
    parts.push(section(`Last ${ERROR_LOG_LINES} lines of ${log.path}`, body));
  }
  return redactText(parts.join('\n'));
}
