/**
 * When the app raises a desktop notification, decided from plain data: the gateway stopped without
 * us asking, a crash loop began, a repair (or another operation started from the tray) finished.
 * At most one notification per kind per window, so a flapping gateway cannot flood the screen.
 */
import { FAILED_TITLES, guiNextStep } from '../health.js';
import type { OperationResponse, StatusSnapshot } from '../service/types.js';

export type NoticeKind = 'stopped' | 'crash-loop' | 'repair' | 'operation-failed';

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
}

export const NOTICE_WINDOW_MS = 5 * 60_000;

function hasCrashLoop(snapshot: StatusSnapshot): boolean {
  return snapshot.status?.problems.some((p) => p.code === 'crash-loop') ?? false;
}

/**
 * Notices for one status change. Only changes of one gateway between two real looks count: the
 * first look after launch or after switching profiles tells nothing new (the tray shows it).
 */
export function noticesForChange(previous: StatusSnapshot | null, next: StatusSnapshot): Notice[] {
  const before = previous?.status;
  const after = next.status;
  if (!previous || !before || !after || previous.profile !== next.profile) return [];
  const notices: Notice[] = [];
  // Our own stop, restart or repair shows `busy` from before it starts until its result is in.
  const ours = previous.busy !== null || next.busy !== null;
  if (!ours && before.state === 'running' && (after.state === 'crashed' || after.state === 'stopped')) {
    const exit = after.lastExitCode !== null ? ` (exit ${after.lastExitCode}${after.lastExitMeaning ? `: ${after.lastExitMeaning}` : ''})` : '';
    notices.push({
      kind: 'stopped',
      title: 'Hermes gateway stopped',
      body: after.state === 'crashed' ? `The gateway crashed${exit}.` : `The gateway is no longer running${exit}.`,
    });
  }
  if (!hasCrashLoop(previous) && hasCrashLoop(next)) {
    const problem = after.problems.find((p) => p.code === 'crash-loop');
    notices.push({ kind: 'crash-loop', title: 'Hermes gateway keeps crashing', body: problem?.message ?? 'The gateway exits again and again after starting.' });
  }
  return notices;
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
