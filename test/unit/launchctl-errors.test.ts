import { describe, expect, it } from 'vitest';
import { isTransientBootstrapFailure, launchctlError } from '../../electron/service/launchd/launchctl-errors.js';

/** Every status and message of LAUNCHD.md's table. */
const CASES: [string[], number, string, string][] = [
  [['bootstrap', 'gui/501', 'p'], 5, 'Bootstrap failed: 5: Input/output error', 'job-busy'],
  [['bootstrap', 'gui/501', 'p'], 5, 'Bootstrap failed: 5: Input/output error\nService is disabled', 'job-disabled'],
  [['bootstrap', 'gui/501', 'p'], 119, 'Service is disabled', 'job-disabled'],
  [['bootstrap', 'gui/501', 'p'], 122, 'Bootstrap failed: 122: Path had bad ownership/permissions', 'bad-permissions'],
  [['bootstrap', 'gui/501', 'p'], 5, 'Bootstrap failed: 5: Path had bad ownership/permissions', 'bad-permissions'],
  [['bootstrap', 'gui/501', 'p'], 5, 'Invalid property list', 'plist-invalid'],
  [['bootstrap', 'gui/501', 'p'], 133, 'Invalid property list', 'plist-invalid'],
  [['bootstrap', 'gui/501', 'p'], 125, 'Bootstrap failed: 125: Domain does not support specified action', 'no-gui-session'],
  [['print', 'gui/501/l'], 112, 'Could not find domain for user gui: 501', 'no-gui-session'],
  [['bootout', 'gui/501/l'], 3, 'Boot-out failed: 3: No such process', 'not-loaded'],
  // Some versions answer a bootout of a job not loaded with 113, as print does.
  [['bootout', 'gui/501/l'], 113, 'Bad request.\nCould not find service "l" in domain for user gui: 501', 'not-loaded'],
  [['kickstart', 'gui/501/l'], 113, 'Could not find service "l" in domain for user gui: 501', 'not-loaded'],
  [['bootstrap', 'gui/501', 'p'], 37, 'Bootstrap failed: 37: Operation already in progress', 'operation-in-progress'],
  [['bootout', 'gui/501/l'], 36, 'Boot-out failed: 36: Operation now in progress', 'operation-in-progress'],
  [['print', 'gui/501/l'], 113, 'Bad request.\nCould not find service "l" in domain for user gui: 501', 'not-loaded'],
  [['print', 'gui/501/l'], 112, 'Bad request.\nCould not find domain for user gui: 501', 'no-gui-session'],
  [['bootstrap', 'gui/501', 'p'], 5, 'Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.', 'job-busy'],
  [['bootstrap', 'gui/501', 'p'], 2, 'Bootstrap failed: 2: No such file or directory', 'plist-unreadable'],
  [['bootout', '--wait', 'gui/501/l'], 64, 'Unrecognized target specifier.\nUsage: launchctl bootout <domain-target> [service-path1, service-path2, ...] | <service-target>', 'launchctl-usage'],
  [['bootstrap', 'gui/501', 'p'], 150, 'Something new', 'launchctl-failed'],
];

describe('launchctl exit statuses', () => {
  it.each(CASES)('%j exit %i (%s) → %s', (args, status, stderr, code) => {
    const error = launchctlError(args, status, stderr);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(status);
    expect(error.message).toContain(String(status));
    expect(error.command).toEqual(['launchctl', ...args]);
    expect(error.explanation.length).toBeGreaterThan(20);
    expect(error.nextStep.length).toBeGreaterThan(10);
    expect(error.message).not.toMatch(/Bad request\.$|richer errors\.$/);
  });

  it('gives each kind of failure its own explanation and next step', () => {
    const byCode = new Map<string, string>();
    for (const [args, status, stderr, code] of CASES) {
      const error = launchctlError(args, status, stderr);
      const said = `${error.explanation}|${error.nextStep}`;
      const seen = byCode.get(code);
      if (seen) expect(said).toBe(seen);
      byCode.set(code, said);
    }
    expect(new Set(byCode.values()).size).toBe(byCode.size);
  });

  it('retries only the answers a finishing bootout gives', () => {
    expect(isTransientBootstrapFailure(5, 'Bootstrap failed: 5: Input/output error')).toBe(true);
    expect(isTransientBootstrapFailure(37, '')).toBe(true);
    expect(isTransientBootstrapFailure(5, 'Service is disabled')).toBe(false);
    expect(isTransientBootstrapFailure(122, '')).toBe(false);
    expect(isTransientBootstrapFailure(125, '')).toBe(false);
  });
});
