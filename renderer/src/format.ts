/** Words for the popover: durations, paths, error details. Pure functions. */
import { FAILED_TITLES } from '../../electron/health.js';
import type { ErrorInfo, GatewayStatus, LoginItemState, Operation, PlatformStatus } from './types.js';

/** "45 s", "12 min", "3 h 5 min", "4 d": the same scale as the CLI. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d`;
}

/** launchd counts every spawn since the job was loaded; the first one is not a restart. */
export function restarts(runs: number | null): number | null {
  return runs === null ? null : Math.max(0, runs - 1);
}

/** The process's facts in one line: "pid 4242 · up 3 h 5 min · 2 restarts · last exit 1". */
export function factsLine(status: GatewayStatus): string[] {
  const facts: string[] = [];
  if (status.pid !== null) facts.push(`pid ${status.pid}`);
  if (status.uptimeMs !== null) facts.push(`up ${duration(status.uptimeMs)}`);
  const count = restarts(status.runs);
  if (count !== null && count > 0) facts.push(`${count} restart${count === 1 ? '' : 's'}`);
  if (status.lastSignal) facts.push(`last exit ${status.lastSignal}`);
  else if (status.lastExitCode !== null) facts.push(`last exit ${status.lastExitCode}`);
  return facts;
}

const PLATFORM_WORDS: Record<PlatformStatus['state'], string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  retrying: 'Reconnecting…',
  fatal: 'Disconnected',
  unknown: 'Unknown',
};

export function platformWords(state: PlatformStatus['state']): string {
  return PLATFORM_WORDS[state];
}

/** "checked 12 s ago"; minutes once it is that old. */
export function checkedAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `checked ${s} s ago` : `checked ${Math.floor(s / 60)} min ago`;
}

export function profileName(profile: string | null): string {
  return profile ?? 'Default';
}

/** What the Open at Login switch's state needs said beside it; null when the switch says it all. */
const LOGIN_ITEM_NOTES: Record<LoginItemState, string | null> = {
  enabled: null,
  'not-registered': null,
  'requires-approval': 'Waiting for your approval in System Settings → General → Login Items.',
  'not-found': 'macOS cannot find Hermes Bar’s login item. Move Hermes Bar to the Applications folder, open it from there and try again.',
  unsupported: 'Not available on this system.',
};

export function loginItemNote(state: LoginItemState): string | null {
  return LOGIN_ITEM_NOTES[state];
}

/** `/Users/ada/.hermes` → `~/.hermes` (and every such path inside a sentence). */
export function tildify(text: string, userHome: string | null): string {
  if (!userHome || userHome === '/') return text;
  const home = userHome.replace(/\/+$/, '');
  return text.split(`${home}/`).join('~/').replace(new RegExp(`${escapeRegExp(home)}(?=$|[\\s.,;:)'"’])`, 'g'), '~');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The banner's title for a failed operation (as its notification says it); Repair on a gateway never set up is set-up. */
export function failureTitle(operation: Operation, settingUp: boolean): string {
  return settingUp ? 'Couldn’t set up the gateway' : FAILED_TITLES[operation];
}

/** The text "Copy Details" puts on the clipboard: everything a bug report needs, readable. */
export function errorDetails(error: ErrorInfo, title: string, status: GatewayStatus | null): string {
  const lines = [`Hermes Bar: ${title}`, `Code: ${error.code}`, `Message: ${error.message}`, `Why: ${error.explanation}`, `Next step: ${error.nextStep}`];
  if (error.command && error.command.length > 0) lines.push(`Command: ${error.command.join(' ')}`);
  if (error.exitCode !== undefined) lines.push(`Exit code: ${error.exitCode}`);
  if (error.stderr) lines.push('stderr:', error.stderr.trimEnd());
  if (status) lines.push(`Gateway: ${status.label} (${status.home}), state ${status.state}`);
  return lines.join('\n');
}

/** An IPC call that threw (not an engine failure): described like one, so it reaches the banner. */
export function unexpectedError(cause: unknown): ErrorInfo {
  const message = cause instanceof Error ? cause.message : String(cause);
  return {
    code: 'internal',
    message: `Unexpected error: ${message}`,
    explanation: 'The popover could not reach Hermes Bar’s main process, or it answered with an error.',
    nextStep: 'Close and reopen the popover; if it persists, quit and restart Hermes Bar.',
  };
}
