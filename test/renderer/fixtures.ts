/** Typed GatewayStatus / StatusSnapshot fixtures for the popover's tests. */
import type { ErrorInfo, GatewayState, GatewayStatus, GatewaySummary, StatusSnapshot } from '../../electron/ipc-contract.js';

export type Problem = GatewayStatus['problems'][number];

export const GATEWAY_STATES: readonly GatewayState[] = ['not-installed', 'stopped', 'starting', 'running', 'stopping', 'crashed', 'unknown'];

/** A plausible status for each state (a pid only where a process lives). */
export function statusOf(state: GatewayState, overrides: Partial<GatewayStatus> = {}): GatewayStatus {
  const alive = state === 'running' || state === 'starting' || state === 'stopping';
  return {
    backend: 'launchd',
    label: 'ai.hermes.gateway',
    profile: null,
    home: '/Users/ada/.hermes',
    plistPath: '/Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist',
    domain: 'gui/501',
    state,
    pid: alive ? 4242 : null,
    lastExitCode: state === 'crashed' ? 1 : null,
    lastExitMeaning: state === 'crashed' ? 'crashed' : null,
    lastSignal: null,
    runs: state === 'not-installed' ? null : 1,
    uptimeMs: state === 'running' ? 3_723_000 : null,
    gateway: null,
    problems: [],
    duplicates: [],
    checkedAt: Date.now(),
    ...overrides,
  };
}

/** What the main process sends: a status checked just now, nothing running. */
export function snapshotOf(state: GatewayState, overrides: Partial<GatewayStatus> = {}, snapshot: Partial<StatusSnapshot> = {}): StatusSnapshot {
  const status = statusOf(state, overrides);
  return { profile: status.profile, status, error: null, busy: null, checkedAt: Date.now(), ...snapshot };
}

export const plistMissing: Problem = {
  code: 'plist-missing',
  severity: 'error',
  message: 'The agent plist is missing.',
  fix: 'Write the plist and load the job.',
};

export const noGuiSession: Problem = {
  code: 'no-gui-session',
  severity: 'warning',
  message: 'No login session: the gateway runs in the background domain user/501.',
  fix: null,
  nextStep: 'Log in to the Mac’s desktop once.',
};

export const launchctlFailed: ErrorInfo = {
  code: 'launchctl-failed',
  message: 'launchctl bootstrap failed with exit 5',
  explanation: 'launchd refused to load the job: it may already be loaded from another file.',
  nextStep: 'Click Repair, or run `hermes-bar repair`.',
  command: ['launchctl', 'bootstrap', 'gui/501', '/Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist'],
  exitCode: 5,
  stderr: 'Bootstrap failed: 5: Input/output error',
};

export const homeMissing: ErrorInfo = {
  code: 'home-missing',
  message: 'No Hermes home at /Users/ada/.hermes',
  explanation: 'Hermes has not been set up for this user yet.',
  nextStep: 'Run `hermes setup` in a terminal.',
};

export const defaultGateway: GatewaySummary = { profile: null, label: 'ai.hermes.gateway', home: '/Users/ada/.hermes', state: 'running' };
export const workGateway: GatewaySummary = { profile: 'work', label: 'ai.hermes.gateway-work', home: '/Users/ada/.hermes/profiles/work', state: 'stopped' };
