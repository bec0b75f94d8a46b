/**
 * Every failure the engine reports is a ServiceError carrying one plain object, so the same
 * code, message, explanation and next step reach the CLI (--json), the popover and the dialog.
 */
export const ERROR_CODES = [
  // launchctl answers (see launchctl-errors.ts)
  'job-busy',
  'job-disabled',
  'bad-permissions',
  'plist-invalid',
  'no-gui-session',
  'not-loaded',
  'operation-in-progress',
  'launchctl-failed',
  'launchctl-unavailable',
  // systemctl answers (see systemctl-errors.ts)
  'no-user-bus',
  'start-limit-hit',
  'systemctl-failed',
  'systemctl-unavailable',
  // observed outcomes
  'spawn-failed',
  'gateway-exited',
  'start-timeout',
  'stop-timeout',
  'restart-timeout',
  'teardown-timeout',
  'lock-timeout',
  // input and environment
  'invalid-profile',
  'invalid-label',
  'home-missing',
  'launcher-missing',
  'hermes-unreadable',
  'definition-conflict',
  'plist-unreadable',
  'plist-unsafe-path',
  'usage',
  'duplicate-gateways',
  'unsupported',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  /** One line: what went wrong. */
  message: string;
  /** Why it happens, in words a user understands. */
  explanation: string;
  /** What to do about it. */
  nextStep: string;
  /** The launchctl or systemctl command that failed, when one did. */
  command?: string[];
  /** launchctl's or systemctl's exit status, or the gateway's exit code. */
  exitCode?: number;
  stderr?: string;
}

export class ServiceError extends Error {
  readonly info: ErrorInfo;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ServiceError';
    this.info = info;
  }

  get code(): ErrorCode {
    return this.info.code;
  }
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ServiceError) return error.info;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Unexpected error: ${message}`,
    explanation: 'Hermes Bar hit an error it does not know how to describe.',
    nextStep: 'Run `hermes-bar doctor` and report the output with this message.',
  };
}
