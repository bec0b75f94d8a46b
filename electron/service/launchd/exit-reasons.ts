/**
 * What launchd's `last exit reason` means (LAUNCHD.md): launchd or the kernel refused to run the
 * process, or ended it, and no exit code exists. The names are xnu's exit-reason namespaces
 * (OS_REASON_…) and jetsam's memory reasons (JETSAM_REASON_…); this is the one table to correct.
 */
import type { SystemEnd } from '../gateway-problems.js';

interface ReasonWords {
  kind: SystemEnd['kind'];
  /** What happened, completing "The gateway …". */
  what: string;
  nextStep: string;
}

const REINSTALL = 'Reinstall Hermes (`hermes update`, or its installer), then run Repair.';

const SECURITY: ReasonWords = {
  kind: 'refused',
  what: 'was stopped by a macOS security policy',
  nextStep: 'Check System Settings → Privacy & Security and any security software, then start the gateway again.',
};

const BY_NAME: ReadonlyMap<string, ReasonWords> = new Map([
  [
    'OS_REASON_CODESIGNING',
    {
      kind: 'refused',
      what: "cannot run because macOS rejected its program's code signature",
      nextStep: `An update or a copied Python can break a signature; \`codesign --verify --verbose <program>\` says what is wrong. ${REINSTALL}`,
    },
  ],
  [
    'OS_REASON_DYLD',
    {
      kind: 'refused',
      what: 'cannot run because macOS could not load a library its program needs (missing, or built for a newer macOS)',
      nextStep: REINSTALL,
    },
  ],
  ['OS_REASON_EXEC', { kind: 'refused', what: 'cannot run because macOS could not execute its program', nextStep: `Check that the program in the plist exists and is executable. ${REINSTALL}` }],
  [
    'OS_REASON_TCC',
    {
      kind: 'refused',
      what: 'was stopped by macOS privacy protection (TCC) for a permission it has not been given',
      nextStep: 'Allow it in System Settings → Privacy & Security, then start the gateway again.',
    },
  ],
  ['OS_REASON_SANDBOX', SECURITY],
  ['OS_REASON_SECURITY', SECURITY],
  ['OS_REASON_ENDPOINTSECURITY', SECURITY],
]);

const MEMORY: ReasonWords = {
  kind: 'memory',
  what: 'was ended by macOS to free memory',
  nextStep: "Close apps that use much memory; if it happens again, read the gateway's log for what grows.",
};

/** How the system ended the process, in words; null when launchd printed no exit reason. */
export function exitReasonEnd(reason: string | null): SystemEnd | null {
  if (reason === null) return null;
  const name = reason.split(/\s/)[0] ?? reason;
  const words =
    BY_NAME.get(name) ??
    (name.startsWith('JETSAM_REASON_') || name === 'OS_REASON_JETSAM'
      ? MEMORY
      : { kind: 'ended' as const, what: 'was ended by macOS', nextStep: "Read the gateway's error log and the system log (Console) around the time it stopped." });
  return { ...words, reason };
}
