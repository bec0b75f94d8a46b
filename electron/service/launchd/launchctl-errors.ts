import type { ErrorCode, ErrorInfo } from '../errors.js';

/**
 * What launchctl's exit statuses mean, in one table (LAUNCHD.md). Most codes come from what
 * people observed on real Macs, so this is the one place to correct them.
 */
interface Meaning {
  code: ErrorCode;
  explanation: string;
  nextStep: string;
}

const NOT_LOADED: Meaning = {
  code: 'not-loaded',
  explanation: 'launchd has no job with this label in this domain: it was never loaded, or it was booted out.',
  nextStep: 'Run `hermes-bar start` (or Repair) to load the gateway job.',
};

const DISABLED: Meaning = {
  code: 'job-disabled',
  explanation: 'A persistent "disabled" override keeps launchd from loading this job.',
  nextStep: 'Run `hermes-bar repair`: it enables the job and loads it again.',
};

const BAD_PERMISSIONS: Meaning = {
  code: 'bad-permissions',
  explanation: 'launchd refuses a plist that is group- or world-writable or not owned by you.',
  nextStep: 'Run `hermes-bar repair` to reset the plist to mode 0644, or fix its owner with `chown`.',
};

const INVALID_PLIST: Meaning = {
  code: 'plist-invalid',
  explanation: 'launchd could not read the plist: the file is not a valid property list.',
  nextStep: 'Run `hermes-bar repair`: it keeps a backup and writes a fresh plist.',
};

const NO_GUI: Meaning = {
  code: 'no-gui-session',
  explanation: 'The gui domain exists only while you are logged in at the screen (not over SSH or sudo).',
  nextStep: 'Log in at the Mac, or manage the gateway in the background domain (user/<uid>).',
};

const BUSY: Meaning = {
  code: 'job-busy',
  explanation:
    'launchd answered 5 (Input/output error): the job is already loaded, is still being torn down after a stop, or is disabled.',
  nextStep: 'Wait a few seconds and try again; if it persists, run `hermes-bar repair`.',
};

const IN_PROGRESS: Meaning = {
  code: 'operation-in-progress',
  explanation:
    'launchd is still busy with an earlier operation on this job (36: Operation now in progress, or 37: Operation already in progress).',
  nextStep: 'Wait a few seconds and try again.',
};

const PLIST_GONE: Meaning = {
  code: 'plist-unreadable',
  explanation: 'launchd found no file at the plist path it was given (2: No such file or directory).',
  nextStep: 'Run `hermes-bar repair`: it writes the plist again and loads it.',
};

const USAGE: Meaning = {
  code: 'launchctl-usage',
  explanation: 'launchctl did not accept the command as Hermes Bar wrote it (64: usage): this version of macOS expects another form.',
  nextStep: 'Report this with the command and what launchctl printed; Hermes Bar needs a fix for this macOS version.',
};

const BY_STATUS: ReadonlyMap<number, Meaning> = new Map([
  [2, PLIST_GONE],
  [3, NOT_LOADED],
  [113, NOT_LOADED],
  [112, NO_GUI],
  [125, NO_GUI],
  [119, DISABLED],
  [122, BAD_PERMISSIONS],
  [133, INVALID_PLIST],
  [36, IN_PROGRESS],
  [37, IN_PROGRESS],
  [64, USAGE],
]);

/** 5 is launchd's catch-all; stderr tells which of its causes it is. */
function meaningOf5(stderr: string): Meaning {
  if (/Service is disabled/i.test(stderr)) return DISABLED;
  if (/Invalid property list/i.test(stderr)) return INVALID_PLIST;
  if (/bad ownership\/permissions/i.test(stderr)) return BAD_PERMISSIONS;
  return BUSY;
}

/**
 * Lines launchctl prints around the one that says what happened: current macOS opens `print`'s
 * failures with `Bad request.`, and adds `Try re-running the command as root for richer errors.`
 * to a bootstrap's. A message made of them alone says nothing.
 */
const UNINFORMATIVE = [/^Bad request\.?$/i, /^Try (re-)?running .* as root for richer errors/i];

/** What launchctl said, without the lines that say nothing. */
export function informativeLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !UNINFORMATIVE.some((pattern) => pattern.test(line)));
}

export function meaningOf(status: number, stderr: string): Meaning {
  if (status === 5) return meaningOf5(stderr);
  const said = informativeLines(stderr).join(' ');
  return (
    BY_STATUS.get(status) ?? {
      code: 'launchctl-failed',
      explanation: `launchctl exited with status ${status}, which Hermes Bar does not know; it said: ${said || '(nothing)'}.`,
      nextStep: 'Run `hermes-bar doctor`; if the problem stays, report launchctl\'s message.',
    }
  );
}

export function launchctlError(args: readonly string[], status: number, stderr: string): ErrorInfo {
  const meaning = meaningOf(status, stderr);
  // The first informative line: a usage answer goes on for several.
  const said = informativeLines(stderr)[0] ?? '';
  return {
    code: meaning.code,
    message: `launchctl ${args[0] ?? ''} failed with ${status}${said ? `: ${said}` : ''}`,
    explanation: meaning.explanation,
    nextStep: meaning.nextStep,
    command: ['launchctl', ...args],
    exitCode: status,
    stderr: stderr.trim(),
  };
}

export function isNotLoaded(status: number): boolean {
  return status === 3 || status === 113;
}

/**
 * Statuses after which a bootout has taken the job down: 0, and 36 (Operation now in progress),
 * seen from bootouts that did stop the job. Both are waited out the same way: a 0 comes before the
 * process has exited anyway.
 */
export function bootoutAccepted(status: number): boolean {
  return status === 0 || status === 36;
}

/** Bootstrap answers these while a previous bootout is still finishing: retry within a deadline. */
export function isTransientBootstrapFailure(status: number, stderr: string): boolean {
  return status === 37 || (status === 5 && meaningOf5(stderr) === BUSY);
}
