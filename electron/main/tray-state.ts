/**
 * What the tray shows for a status snapshot: one of four icons and a one-line tooltip. Pure, so
 * the tray's whole appearance is decided (and tested) here, not in the Electron glue.
 */
import path from 'node:path';
import type { Operation, StatusSnapshot } from '../service/types.js';

export const TRAY_STATES = ['running', 'transition', 'stopped', 'attention'] as const;
/** `transition`: starting, stopping, an operation of ours in flight, or the first look not back yet. */
export type TrayState = (typeof TRAY_STATES)[number];

export function trayStateOf(snapshot: StatusSnapshot): TrayState {
  const status = snapshot.status;
  if (snapshot.busy) return 'transition';
  if (!status) return snapshot.error ? 'attention' : 'transition';
  if (status.state === 'crashed' || status.state === 'unknown') return 'attention';
  if (status.problems.some((p) => p.severity === 'error')) return 'attention';
  switch (status.state) {
    case 'running':
      return 'running';
    case 'starting':
    case 'stopping':
      return 'transition';
    case 'stopped':
    case 'not-installed':
      return 'stopped';
  }
}

/** The image for a state (scripts/make-icons.mjs draws them): black templates on macOS, colour elsewhere. */
export function trayIconFile(assets: string, state: TrayState, platform: NodeJS.Platform): string {
  return path.join(assets, 'tray', platform === 'darwin' ? `${state}Template.png` : `${state}-color.png`);
}

/** "42 s", "12 min", "3 h", "2 d": a tooltip wants the order of magnitude, not a clock. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

const BUSY_WORDS: Record<Operation, string> = { start: 'starting', stop: 'stopping', restart: 'restarting', repair: 'repairing', uninstall: 'uninstalling' };

function stateWords(snapshot: StatusSnapshot): string {
  const status = snapshot.status;
  if (snapshot.busy) return `${BUSY_WORDS[snapshot.busy]}…`;
  if (!status) return snapshot.error ? `status unavailable (${snapshot.error.message})` : 'checking…';
  switch (status.state) {
    case 'running': {
      const parts = ['running'];
      if (status.pid !== null) parts.push(`pid ${status.pid}`);
      if (status.uptimeMs !== null) parts.push(`up ${formatUptime(status.uptimeMs)}`);
      return parts.join(', ');
    }
    case 'crashed': {
      const exit = status.lastExitCode !== null ? `, last exit ${status.lastExitCode}` : status.lastSignal ? `, ${status.lastSignal}` : '';
      return `crashed${exit}${status.lastExitMeaning ? ` (${status.lastExitMeaning})` : ''}`;
    }
    case 'not-installed':
      return 'not installed';
    default:
      return status.state;
  }
}

/** E.g. "Hermes gateway: running, pid 4242, up 3 h" — plus the first error, if any. */
export function tooltipOf(snapshot: StatusSnapshot): string {
  const name = snapshot.profile ? `Hermes gateway (${snapshot.profile})` : 'Hermes gateway';
  const lines = [`${name}: ${stateWords(snapshot)}`];
  const errors = snapshot.status?.problems.filter((p) => p.severity === 'error') ?? [];
  const first = errors[0];
  if (first) lines.push(errors.length > 1 ? `${first.message} (+${errors.length - 1} more)` : first.message);
  return lines.join('\n');
}
