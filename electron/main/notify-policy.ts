/**
 * When the app raises a desktop notification, decided from plain data: the gateway stopped without
 * us asking, it keeps failing (a crash loop, a spawn macOS refuses or launchd cannot make, a kill for
 * memory), a repair (or another operation started from the tray) finished. At most one
 * notification per kind per window, so a flapping gateway cannot flood the screen.
 */
import { FAILED_TITLES, guiNextStep } from '../health.js';
import type { GatewayStatus, OperationResponse, Problem, ProblemCode, StatusSnapshot } from '../service/types.js';

/** `crash-loop`: any problem that keeps the gateway down (KEEPS_FAILING), one notice per window for all. */
export type NoticeKind = 'stopped' | 'crash-loop' | 'repair' | 'operation-failed';

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
}

export const NOTICE_WINDOW_MS = 5 * 60_000;

/** The problems that keep the gateway down, each with its notice's title. */
const KEEPS_FAILING: Partial<Record<ProblemCode, string>> = {
  'crash-loop': 'Hermes gateway keeps crashing',
  'spawn-refused': 'macOS refuses to run the Hermes gateway',
  'spawn-failed': 'The Hermes gateway cannot be started',
  'killed-for-memory': 'macOS ended the Hermes gateway for memory',
};

function keepsFailing(status: GatewayStatus | null | undefined): Problem | null {
  return status?.problems.find((p) => p.code in KEEPS_FAILING) ?? null;
}

/** ` (exit 1: crashed)`, or the system's reason when the run left no exit code. */
function lastExitWords(status: GatewayStatus): string {
  if (status.lastExitCode !== null) return ` (exit ${status.lastExitCode}${status.lastExitMeaning ? `: ${status.lastExitMeaning}` : ''})`;
  return status.lastExitMeaning ? ` (${status.lastExitMeaning})` : '';
}

/**
 * Notices for one status change. Only changes of one gateway between two real looks count: the
 * first look after launch or after switching profiles tells nothing new (the tray shows it). A
 * stop that comes with a reason it keeps failing is one notice, the one with the reason.
 */
export function noticesForChange(previous: StatusSnapshot | null, next: StatusSnapshot): Notice[] {
  const before = previous?.status;
  const after = next.status;
  if (!previous || !before || !after || previous.profile !== next.profile) return [];
  const failing = keepsFailing(before) ? null : keepsFailing(after);
  if (failing) return [{ kind: 'crash-loop', title: KEEPS_FAILING[failing.code] ?? failing.code, body: failing.message }];
  // Our own stop, restart or repair shows `busy` from before it starts until its result is in.
  const ours = previous.busy !== null || next.busy !== null;
  if (!ours && before.state === 'running' && (after.state === 'crashed' || after.state === 'stopped')) {
    const exit = lastExitWords(after);
    return [
      {
        kind: 'stopped',
        title: 'Hermes gateway stopped',
        body: after.state === 'crashed' ? `The gateway crashed${exit}.` : `The gateway is no longer running${exit}.`,
      },
    ];
  }
  return [];
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A repair's outcome always; another operation's only when it failed (success shows in the icon). */
export function noticeForOperation(response: OperationResponse): Notice | null {
  if (response.ok) {
    return response.operation === 'repair' ? { kind: 'repair', title: 'Hermes gateway repaired', body: response.message } : null;
  }
  const { error } = response;
  return {
    kind: response.operation === 'repair' ? 'repair' : 'operation-failed',
    title: FAILED_TITLES[response.operation],
    // A notification is clicked to open the popover: its next step names the popover's button, not a command.
    body: `${sentence(error.message)} ${guiNextStep(error.nextStep)}`,
  };
}

/** At most one notice per kind per window. */
export class NoticeLimiter {
  private readonly last = new Map<NoticeKind, number>();

  constructor(private readonly windowMs: number = NOTICE_WINDOW_MS) {}

  allow(kind: NoticeKind, now: number): boolean {
    const previous = this.last.get(kind);
    if (previous !== undefined && now - previous < this.windowMs) return false;
    this.last.set(kind, now);
    return true;
  }
}
