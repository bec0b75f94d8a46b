/** Short, readable text for people; --json prints the engine's objects as they are. */
import type { ErrorInfo } from '../service/errors.js';
import type { DoctorReport, GatewayStatus, OperationResult, Problem } from '../service/types.js';

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d`;
}

const MARK: Record<Problem['severity'], string> = { error: '✗', warning: '!', info: 'i' };

/**
 * A gateway never set up is not failing: its "problems" are what set-up does (or, without Hermes,
 * what to install first), listed without a failure mark.
 */
function problemLines(status: GatewayStatus): string[] {
  const settingUp = status.state === 'not-installed';
  const lines = status.problems.map((p) => {
    const then = p.fix ? `${settingUp ? 'set-up' : 'repair'}: ${p.fix}` : p.nextStep ? `next: ${p.nextStep}` : '';
    return `  ${settingUp ? '·' : MARK[p.severity]} ${p.code}: ${p.message}${then ? `\n      ${then}` : ''}`;
  });
  return [settingUp ? 'not set up yet (`hermes-bar repair` sets it up):' : 'problems:', ...lines];
}

/** "(2 problems)" after a list row; "(not set up)" for a gateway never set up. */
function problemNote(status: GatewayStatus): string {
  if (status.state === 'not-installed') return '  (not set up)';
  const count = status.problems.length;
  return count === 0 ? '' : `  (${count} problem${count > 1 ? 's' : ''})`;
}

/** What the service definition is called on the status's backend. */
function fileNoun(status: GatewayStatus): string {
  return status.backend === 'systemd' ? 'unit' : 'plist';
}

export function formatStatus(status: GatewayStatus): string {
  const facts: string[] = [status.state];
  if (status.pid !== null) facts.push(`pid ${status.pid}`);
  if (status.uptimeMs !== null) facts.push(`up ${duration(status.uptimeMs)}`);
  if (status.lastExitCode !== null || status.lastSignal) facts.push(`last exit ${status.lastSignal ?? status.lastExitCode} (${status.lastExitMeaning})`);
  if (status.runs !== null) facts.push(`runs ${status.runs}`);
  const lines = [`${status.label}${status.profile ? ` [${status.profile}]` : ''}: ${facts.join(', ')}`];
  const gateway = status.gateway;
  if (gateway) {
    const platforms = gateway.platforms.map((p) => `${p.name} ${p.state}${p.errorMessage ? ` (${p.errorMessage})` : ''}`).join(', ');
    lines.push(`  gateway: ${gateway.state}${gateway.stale ? ' (stale)' : ''}${platforms ? `; ${platforms}` : ''}`);
  }
  lines.push(`  ${fileNoun(status)}: ${status.plistPath} (${status.domain})`);
  if (status.problems.length > 0) lines.push(...problemLines(status));
  return lines.join('\n');
}

export function formatDoctor(report: DoctorReport): string {
  const lines = [formatStatus(report.status)];
  if (report.definition) lines.push(report.definition);
  if (report.plistChanges.length > 0) {
    lines.push(`${fileNoun(report.status)} changes repair would make:`);
    for (const change of report.plistChanges) lines.push(`  ${change.field}: ${change.current ?? '(none)'} → ${change.wanted}`);
  }
  lines.push(report.needsRepair ? `repair would:\n${report.repairPlan.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}` : 'nothing for repair to do');
  return lines.join('\n');
}

export function formatResult(result: OperationResult): string {
  return [result.message, ...result.actions.map((a) => `  · ${a}`)].join('\n');
}

export function formatList(statuses: GatewayStatus[]): string {
  if (statuses.length === 0) return 'No Hermes gateway found (no ~/.hermes, no profiles, no ai.hermes.gateway plist).';
  return statuses
    .map((s) => `${s.label.padEnd(28)} ${s.state.padEnd(13)} ${s.pid !== null ? `pid ${s.pid}`.padEnd(10) : ''.padEnd(10)} ${s.home}${problemNote(s)}`)
    .join('\n');
}

export function formatError(operation: string, error: ErrorInfo): string {
  return [`hermes-bar ${operation} failed [${error.code}]: ${error.message}`, `  why:  ${error.explanation}`, `  next: ${error.nextStep}`].join('\n');
}
