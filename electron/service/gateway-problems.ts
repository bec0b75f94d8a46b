/** The problems every backend reports the same way, in the words of its service manager. */
import { EXIT_CONFIG_ERROR } from './hermes/exits.js';
import { hasSafePermissions } from './service-file.js';
import type { Problem } from './types.js';

/** Starts (or restarts) at or above this with the gateway down after a failure is a crash loop. */
const CRASH_LOOP_COUNT = 3;

/** Gateways of the home the supervisor does not own: a duplicate beside its own, else unsupervised. */
export function strayGatewayProblems(strays: number[], owned: number | null, supervisor: string): Problem[] {
  if (strays.length === 0) return [];
  const list = strays.join(', ');
  if (owned !== null || strays.length > 1) {
    return [
      {
        code: 'duplicate-gateways',
        severity: 'error',
        message: `More than one gateway runs for this home (${supervisor}'s: ${owned ?? 'none'}; others: ${list}); they fight over the bot tokens.`,
        fix: `Stop the gateways ${supervisor} does not own (${list}).`,
      },
    ];
  }
  return [
    {
      code: 'unsupervised-gateway',
      severity: 'warning',
      message: `A gateway runs outside ${supervisor} (pid ${list}): nothing restarts it if it dies.`,
      fix: `Stop it and let ${supervisor} run the gateway.`,
    },
  ];
}

/** Why a crashed gateway stays down: a configuration error (78), or a crash loop. */
export function crashProblems(last: { exit: number | null; signal: string | null }, count: { value: number | null; word: string }, configCauses: string): Problem[] {
  if (last.exit === EXIT_CONFIG_ERROR) {
    return [
      {
        code: 'config-error',
        severity: 'error',
        message: `The gateway exits with 78: a configuration error (${configCauses}).`,
        fix: null,
        nextStep: "Read the gateway's error log; check for another gateway using the same token.",
      },
    ];
  }
  if ((count.value ?? 0) < CRASH_LOOP_COUNT) return [];
  return [
    {
      code: 'crash-loop',
      severity: 'error',
      message: `The gateway keeps crashing (${count.value} ${count.word}, last: ${last.signal ?? `exit ${last.exit}`}).`,
      fix: null,
      nextStep: "Read the gateway's error log for the cause.",
    },
  ];
}

/** A service file others can write, or the user does not own; `why` says what that does. */
export function permissionProblems(
  file: { exists: false } | { exists: true; mode: number; uid: number; isSymlink: boolean },
  uid: number,
  path: string,
  words: { noun: string; why: string },
): Problem[] {
  if (!file.exists || file.isSymlink || hasSafePermissions(file, uid)) return [];
  const own = file.uid === uid;
  return [
    {
      code: 'bad-permissions',
      severity: 'error',
      message: `${words.why}: mode ${file.mode.toString(8).padStart(4, '0')}, owner ${file.uid}.`,
      fix: own ? `Set the ${words.noun} to mode 0644.` : null,
      ...(own ? {} : { nextStep: `Run \`sudo chown ${uid} ${path}\`.` }),
    },
  ];
}

/** The supervisor opens the logs before the gateway runs; when it cannot, the gateway never does. */
export function logPathProblems(writable: boolean, message: string): Problem[] {
  if (writable) return [];
  return [
    {
      code: 'log-path-unwritable',
      severity: 'error',
      message,
      fix: null,
      nextStep: 'Make the logs folder writable (an external volume may be unmounted or read-only).',
    },
  ];
}
