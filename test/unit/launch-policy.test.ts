/** What the app does at launch, decided from one look: its reason names the service manager it saw. */
import { describe, expect, it } from 'vitest';
import { decideAtLaunch } from '../../electron/service/launch-policy.js';
import type { GatewayStatus, Problem } from '../../electron/service/types.js';

function status(backend: GatewayStatus['backend'], state: GatewayStatus['state'], problems: Problem['code'][] = []): GatewayStatus {
  return {
    backend,
    label: 'ai.hermes.gateway',
    profile: null,
    home: '/home/u/.hermes',
    plistPath: '/home/u/service-file',
    domain: backend === 'launchd' ? 'gui/501' : 'user',
    state,
    pid: state === 'running' ? 42 : null,
    lastExitCode: null,
    lastExitMeaning: null,
    lastSignal: null,
    runs: null,
    uptimeMs: null,
    gateway: null,
    problems: problems.map((code): Problem => ({ code, severity: 'warning', message: code, fix: null })),
    duplicates: [],
    checkedAt: 0,
  };
}

describe('decideAtLaunch', () => {
  it('names the service manager that has the job', () => {
    expect(decideAtLaunch(status('launchd', 'running'), true)).toEqual({ action: 'observe', reason: 'launchd has the job (running)' });
    expect(decideAtLaunch(status('systemd', 'running'), true)).toEqual({ action: 'observe', reason: 'systemd has the job (running)' });
  });

  it('names the service manager a gateway runs outside of', () => {
    expect(decideAtLaunch(status('systemd', 'running', ['unsupervised-gateway']), true).reason).toBe('a gateway already runs outside systemd');
    expect(decideAtLaunch(status('launchd', 'running', ['duplicate-gateways']), true).reason).toBe('a gateway already runs outside launchd');
  });

  it('loads a stopped gateway (no problem: stopped on purpose) or an unread definition only when keep-running is on', () => {
    expect(decideAtLaunch(status('launchd', 'stopped'), true).action).toBe('load');
    expect(decideAtLaunch(status('systemd', 'stopped', ['not-loaded']), true).action).toBe('load');
    expect(decideAtLaunch(status('systemd', 'stopped', ['not-loaded']), false).action).toBe('observe');
    expect(decideAtLaunch(status('launchd', 'stopped'), false).action).toBe('observe');
    expect(decideAtLaunch(status('launchd', 'crashed'), true).action).toBe('observe');
  });
});
