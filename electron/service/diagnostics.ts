/**
 * The diagnostics report ("Copy diagnostics", `hermes-bar doctor --report`): versions, status,
 * problems, the service file, the service manager's record of the job and the end of the
 * gateway's error log, as text for a bug report. The facts are gathered by the backend, which
 * shows its own file (launchd redacts the plist's environment by name and value); this turns them
 * into text and redacts the whole once more, so nothing token-shaped leaves the machine whatever
 * section it hides in.
 */
import type { ErrorInfo } from './errors.js';
import { redactText } from './redact.js';
import type { GatewayStatus } from './types.js';

/** How much of the gateway's error log goes into a report. */
export const ERROR_LOG_LINES = 40;

export interface Versions {
  app: string;
  hermes: string | null;
  os: string;
  runtime: string;
}

/** The service file as the report shows it, in the backend's words. */
export interface ServiceFileFacts {
  path: string;
  /** The section's title: `Plist`, `Unit`. */
  noun: string;
  /** Its text as the backend shows it, or what stands for it: `(no plist)`. */
  text: string;
}

export interface DiagnosticFacts {
  generatedAt: Date;
  versions: Versions;
  /** Why the gateway could not be looked at (for example Hermes is not installed). */
  error: ErrorInfo | null;
  status: GatewayStatus | null;
  serviceFile: ServiceFileFacts | null;
  /** The service manager's record of the job (`launchctl print`, `systemctl --user show`). */
  job: { command: string; exitCode: number; output: string } | null;
  errorLog: { path: string; exists: boolean; lines: string[] } | null;
}

function section(title: string, body: string): string {
  return `## ${title}\n${body.trimEnd()}\n`;
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
  if (facts.serviceFile) parts.push(section(`${facts.serviceFile.noun} ${facts.serviceFile.path}`, facts.serviceFile.text));
  if (facts.job) parts.push(section(`${facts.job.command} (exit ${facts.job.exitCode})`, facts.job.output || '(no output)'));
  if (facts.errorLog) {
    const log = facts.errorLog;
    const body = !log.exists ? '(no log yet)' : log.lines.length === 0 ? '(empty)' : log.lines.join('\n');
    parts.push(section(`Last ${ERROR_LOG_LINES} lines of ${log.path}`, body));
  }
  return redactText(parts.join('\n'));
}
