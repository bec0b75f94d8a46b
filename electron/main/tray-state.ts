/**
 * What the tray shows for a status snapshot: one of four images and a tooltip, both read from the
 * snapshot's health (electron/health.ts), which the popover's headline reads too. Pure, so the
 * tray's whole appearance is decided (and tested) here, not in the Electron glue.
 */
import path from 'node:path';
import type { Tone } from '../health.js';
import { healthOf, sentence } from '../health.js';
import type { StatusSnapshot } from '../service/types.js';

/**
 * The Hermes mark in four states: `running` plain (the quietest), `stopped` dimmed, `transition`
 * with a small progress badge, `attention` with an exclamation badge (the loudest).
 */
export const TRAY_STATES = ['running', 'transition', 'stopped', 'attention'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

const BY_TONE: Record<Tone, TrayState> = { ok: 'running', busy: 'transition', idle: 'stopped', warning: 'attention', error: 'attention' };

export function trayStateOf(snapshot: StatusSnapshot): TrayState {
  return BY_TONE[healthOf(snapshot).tone];
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

/** The headline, for the menu's first line: "Gateway running · Telegram and Discord connected", with the profile. */
export function statusLine(snapshot: StatusSnapshot): string {
  const line = sentence(healthOf(snapshot));
  return snapshot.profile ? `${snapshot.profile}: ${line}` : line;
}

/** The headline, then the process's facts when it runs: "pid 4242 · up 3 h". */
export function tooltipOf(snapshot: StatusSnapshot): string {
  const status = snapshot.status;
  const facts: string[] = [];
  if (status?.pid != null) facts.push(`pid ${status.pid}`);
  if (status?.uptimeMs != null) facts.push(`up ${formatUptime(status.uptimeMs)}`);
  return [statusLine(snapshot), ...(facts.length > 0 ? [facts.join(' · ')] : [])].join('\n');
}
