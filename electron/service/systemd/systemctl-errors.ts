import type { ErrorCode, ErrorInfo } from '../errors.js';

/**
 * What systemctl's failures mean, in one table. systemctl's exit statuses are coarse (1 for most
 * failures), so its message decides; this is the one place to correct them.
 */
interface Meaning {
  code: ErrorCode;
  explanation: string;
  nextStep: string;
}

const MEANINGS: Array<{ pattern: RegExp; meaning: Meaning }> = [
  {
    pattern: /Failed to connect to (user scope )?bus|XDG_RUNTIME_DIR.*not defined|DBUS_SESSION_BUS_ADDRESS/i,
    meaning: {
      code: 'no-user-bus',
      explanation: 'systemctl --user cannot reach your systemd user manager: it does not run, or this shell does not know where it listens (XDG_RUNTIME_DIR).',
      nextStep: 'Log in as this user (not through su or sudo), or run `loginctl enable-linger $USER` so the user manager runs without a login; then try again.',
    },
  },
  {
    pattern: /start request repeated too quickly|start-limit/i,
    meaning: {
      code: 'start-limit-hit',
      explanation: 'systemd stopped starting the gateway because it failed too often in a short time.',
      nextStep: 'Read the gateway\'s error log for the cause, then run `hermes-bar repair` (it resets the counter and starts it once).',
    },
  },
  {
    pattern: /masked/i,
    meaning: {
      code: 'job-disabled',
      explanation: 'The unit is masked: systemd refuses to start it.',
      nextStep: 'Run `systemctl --user unmask <unit>`, then `hermes-bar repair`.',
    },
  },
  {
    pattern: /failed to load properly|bad-setting|Bad message|Invalid argument/i,
    meaning: {
      code: 'plist-invalid',
      explanation: 'systemd could not load the unit file: it is not a valid unit.',
      nextStep: 'Run `hermes-bar repair`: it keeps a backup and writes a fresh unit.',
    },
  },
  {
    pattern: /not loaded|not found|does not exist|No such file/i,
    meaning: {
      code: 'not-loaded',
      explanation: 'systemd has no unit by this name: its file is missing or systemd has not been reloaded since it was written.',
      nextStep: 'Run `hermes-bar start` (or Repair): it writes the unit, reloads systemd and starts it.',
    },
  },
];

export function meaningOf(stderr: string, status: number): Meaning {
  return (
    MEANINGS.find(({ pattern }) => pattern.test(stderr))?.meaning ?? {
      code: 'systemctl-failed',
      explanation: `systemctl exited with status ${status}, which Hermes Bar does not know; it said: ${stderr.trim().split('\n').join(' ') || '(nothing)'}.`,
      nextStep: 'Run `hermes-bar doctor`; if the problem stays, report systemctl\'s message.',
    }
  );
}

export function systemctlError(args: readonly string[], status: number, stderr: string): ErrorInfo {
  const meaning = meaningOf(stderr, status);
  const said = stderr.trim().split('\n')[0] ?? '';
  return {
    code: meaning.code,
    message: `systemctl --user ${args[0] ?? ''} failed with ${status}${said ? `: ${said}` : ''}`,
    explanation: meaning.explanation,
    nextStep: meaning.nextStep,
    command: ['systemctl', '--user', ...args],
    exitCode: status,
    stderr: stderr.trim(),
  };
}
