/** Words for the popover: states, durations, exit codes, error details. Pure functions. */
import type { ErrorInfo, GatewayReport, GatewayState, GatewayStatus, LoginItemState, Operation, PlatformStatus } from './types.js';

const STATE_WORDS: Record<GatewayState, string> = {
  'not-installed': 'Not installed',
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  crashed: 'Crashed',
  unknown: 'Unknown',
};

export function stateWords(state: GatewayState): string {
  return STATE_WORDS[state];
}

const ACTION_WORDS: Record<Operation, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', repair: 'Repair', uninstall: 'Uninstall' };
const PROGRESS_WORDS: Record<Operation, string> = { start: 'Starting…', stop: 'Stopping…', restart: 'Restarting…', repair: 'Repairing…', uninstall: 'Uninstalling…' };

export function actionWords(operation: Operation): string {
  return ACTION_WORDS[operation];
}

export function progressWords(operation: Operation): string {
  return PROGRESS_WORDS[operation];
}

/** "45 s", "12 min", "3 h 5 min", "4 d": the same scale as the CLI. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d`;
}

/** Hermes's exit codes (HERMES.md); used only when the engine sent no meaning of its own. */
export function exitMeaning(code: number): string {
  if (code === 0) return 'stopped cleanly';
  if (code === 75) return 'planned restart';
  if (code === 78) return 'configuration error: restarting will not help';
  return 'crashed';
}

/** "78 — configuration error …", "SIGKILL — killed by a signal", or null when it never exited. */
export function lastExit(status: Pick<GatewayStatus, 'lastExitCode' | 'lastExitMeaning' | 'lastSignal'>): string | null {
  const { lastExitCode, lastExitMeaning, lastSignal } = status;
  if (lastSignal) return `${lastSignal} — ${lastExitMeaning ?? 'killed by a signal'}`;
  if (lastExitCode === null) return null;
  return `${lastExitCode} — ${lastExitMeaning ?? exitMeaning(lastExitCode)}`;
}

/** launchd counts every spawn since the job was loaded; the first one is not a restart. */
export function restarts(runs: number | null): string | null {
  return runs === null ? null : String(Math.max(0, runs - 1));
}

const GATEWAY_RUN_WORDS: Record<GatewayReport['state'], string> = {
  starting: 'Starting',
  running: 'Running',
  draining: 'Draining',
  stopped: 'Stopped',
  startup_failed: 'Failed to start',
  unknown: 'Unknown',
};

/** The gateway's own view (gateway_state.json), e.g. "Running, 2 active agents (not updated recently)". */
export function gatewayWords(report: GatewayReport): string {
  let words = GATEWAY_RUN_WORDS[report.state];
  const serving = report.state === 'running' || report.state === 'draining';
  if (serving && report.activeAgents !== null) words += `, ${report.activeAgents} active agent${report.activeAgents === 1 ? '' : 's'}`;
  // Hermes often repeats its state as the exit reason ("startup_failed"): only add what is new.
  if (report.exitReason && report.exitReason !== report.state) words += `: ${report.exitReason}`;
  if (report.stale) words += ' (not updated recently)';
  return words;
}

const PLATFORM_WORDS: Record<PlatformStatus['state'], string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  retrying: 'Retrying',
  fatal: 'Failed',
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
  return profile ?? 'Default (~/.hermes)';
}

const LOGIN_ITEM_WORDS: Record<LoginItemState, string> = {
  enabled: 'On',
  'not-registered': 'Off',
  'requires-approval': 'Waiting for your approval',
  'not-found': 'macOS cannot find Hermes Bar’s login item',
  unsupported: 'Not available on this system',
};

export function loginItemWords(state: LoginItemState): string {
  return LOGIN_ITEM_WORDS[state];
}

/** The text "Copy details" puts on the clipboard: everything a bug report needs, readable. */
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
