/** Which first-run panel the popover shows, from the status alone. Pure. */
import type { StatusSnapshot } from './types.js';

export type FirstRun =
  /** No Hermes here: no HERMES_HOME, or no launcher to run. */
  | { kind: 'no-hermes'; reason: string; nextStep: string }
  /** Hermes is installed but no gateway service is set up (Repair's install path sets it up). */
  | { kind: 'set-up' }
  | null;

export function firstRunOf(snapshot: StatusSnapshot | null): FirstRun {
  if (!snapshot) return null;
  const { error, status, profile } = snapshot;
  // A missing profile is a wrong choice in the switcher, not a missing install.
  if (error?.code === 'home-missing' && profile === null) return { kind: 'no-hermes', reason: error.message, nextStep: error.nextStep };
  if (status?.state !== 'not-installed') return null;
  const missing = status.problems.find((p) => p.code === 'launcher-missing' && p.fix === null);
  if (missing) return { kind: 'no-hermes', reason: missing.message, nextStep: missing.nextStep ?? '' };
  return status.problems.some((p) => p.code === 'plist-missing' && p.fix !== null) ? { kind: 'set-up' } : null;
}
