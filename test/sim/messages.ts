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
  noService: (label: string, domain: string) =>
    `Could not find service "${label}" in domain for ${domainForText(domain)}`,
  noServiceLegacy: (label: string) => `Could not find service "${label}" in domain for port`,
  noDomain: (domain: string) => `Could not find domain for ${domainForText(domain)}`,
  usage: 'Usage: launchctl <subcommand> ... | help [subcommand]',
} as const;

/** A failure of `bootstrap` (or legacy `load`), before it is turned into a command result. */
export interface LoadFailure {
  code: number;
  detail: string | null;
}

export function loadFailureText(verb: 'Bootstrap' | 'Load', failure: LoadFailure): string {
  const reason = {
    [EXIT.noSuchProcess]: TEXT.noSuchProcess,
    [EXIT.ioError]: TEXT.ioError,
    [EXIT.badPermissions]: TEXT.badPermissions,
    [EXIT.domainUnsupported]: TEXT.domainUnsupported,
    2: TEXT.noSuchFile,
  }[failure.code];
  const head = `${verb} failed: ${failure.code}: ${reason ?? 'Unknown error'}`;
  return failure.detail === null ? head : `${head}\n${failure.detail}`;
}
