import type { CommandResult } from './types.js';

/**
 * Every exit status and error text the simulated launchctl prints, in one place
 * (LAUNCHD.md, "What each command does").
 */
export const EXIT = {
  ok: 0,
  noSuchProcess: 3,
  ioError: 5,
  usage: 64,
  noDomain: 112,
  noService: 113,
  badPermissions: 122,
  domainUnsupported: 125,
  internal: 70,
} as const;

export function ok(stdout = ''): CommandResult {
  return { exit: EXIT.ok, stdout, stderr: '' };
}

export function fail(exit: number, stderr: string, stdout = ''): CommandResult {
  return { exit, stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n` };
}

/** Text of a domain for "Could not find service … in domain for …". */
function domainForText(domain: string): string {
  const [kind, uid] = domain.split('/');
  return kind === 'gui' ? `user gui: ${uid}` : `user: ${uid}`;
}

export const TEXT = {
  ioError: 'Input/output error',
  noSuchProcess: 'No such process',
  badPermissions: 'Path had bad ownership/permissions',
  domainUnsupported: 'Domain does not support specified action',
  noSuchFile: 'No such file or directory',
  disabled: 'Service is disabled',
  invalidPlist: 'Invalid property list',
  /** The first line of `print`'s failures on current macOS: it says nothing by itself. */
  badRequest: 'Bad request.',
  noService: (label: string, domain: string) =>
    `Could not find service "${label}" in domain for ${domainForText(domain)}`,
  noServiceLegacy: (label: string) => `Could not find service "${label}" in domain for port`,
  noDomain: (domain: string) => `Could not find domain for ${domainForText(domain)}`,
  usage: 'Usage: launchctl <subcommand> ... | help [subcommand]',
  /** A malformed target; `usage` is the subcommand's own usage line. */
  badTarget: (usage: string) =>
    [
      'Unrecognized target specifier.',
      usage,
      '<service-target> takes a form of <domain-target>/<service-id>.',
      'Please refer to `man launchctl` for explanation of the <domain-target> specifiers.',
    ].join('\n'),
} as const;

/** Each subcommand's usage line, as launchctl prints it after a malformed target. */
export const USAGE = {
  bootout: 'Usage: launchctl bootout <domain-target> [service-path1, service-path2, ...] | <service-target>',
  kickstart: 'Usage: launchctl kickstart [-k] [-p] <service-target>',
  print: 'Usage: launchctl print <domain-target> | <service-target>',
  kill: 'Usage: launchctl kill <signal-name|signal-number> <service-target>',
  enable: 'Usage: launchctl enable <service-target>',
  disable: 'Usage: launchctl disable <service-target>',
  printDisabled: 'Usage: launchctl print-disabled <domain-target>',
  bootstrap: 'Usage: launchctl bootstrap <domain-target> [service-path, service-path2, ...]',
} as const;

/** A failure of `bootstrap` (or legacy `load`), before it is turned into a command result. */
export interface LoadFailure {
  code: number;
  detail: string | null;
}

/** What a plain 5 adds (non-root callers get no richer error). */
const AS_ROOT_HINT = {
  Bootstrap: 'Try re-running the command as root for richer errors.',
  Load: 'Try running `launchctl bootstrap` as root for richer errors.',
} as const;

export function loadFailureText(verb: 'Bootstrap' | 'Load', failure: LoadFailure): string {
  const reason = {
    [EXIT.noSuchProcess]: TEXT.noSuchProcess,
    [EXIT.ioError]: TEXT.ioError,
    [EXIT.badPermissions]: TEXT.badPermissions,
    [EXIT.domainUnsupported]: TEXT.domainUnsupported,
    2: TEXT.noSuchFile,
  }[failure.code];
  const head = `${verb} failed: ${failure.code}: ${reason ?? 'Unknown error'}`;
  const detail = failure.detail ?? (failure.code === EXIT.ioError ? AS_ROOT_HINT[verb] : null);
  return detail === null ? head : `${head}\n${detail}`;
}
