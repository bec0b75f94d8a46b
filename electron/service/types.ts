/**
 * The engine's public shapes: what status, doctor and the operations return. Plain data, so the
 * same objects reach the CLI (--json), IPC and the popover.
 */
import type { ErrorInfo } from './errors.js';
import type { GatewayReport } from './hermes/gateway-files.js';

export const GATEWAY_STATES = ['not-installed', 'stopped', 'starting', 'running', 'stopping', 'crashed', 'unknown'] as const;
export type GatewayState = (typeof GATEWAY_STATES)[number];

export const PROBLEM_CODES = [
  'plist-missing',
  'plist-invalid',
  'plist-stale',
  'launcher-missing',
  'job-disabled',
  'job-outdated',
  'not-loaded',
  'unknown-job-state',
  'gateway-crashed',
  'crash-loop',
  'config-error',
  'spawn-failed',
  'spawn-refused',
  'killed-for-memory',
  'duplicate-gateways',
  'unsupervised-gateway',
  'log-path-unwritable',
  'bad-permissions',
  'no-gui-session',
  // systemd
  'no-user-bus',
  'linger-off',
  'legacy-unit',
  'start-limit-hit',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  /** What Repair would do about it, or null when Repair cannot fix it. */
  fix: string | null;
  /** What the user can do when Repair cannot. */
  nextStep?: string;
}

/** One field of the plist (or unit) Repair would write: shown in the repair dialog. */
export interface PlistChange {
  field: string;
  current: string | null;
  wanted: string;
}

export interface GatewayStatus {
  backend: 'launchd' | 'systemd';
  label: string;
  profile: string | null;
  home: string;
  plistPath: string;
  domain: string;
  state: GatewayState;
  pid: number | null;
  lastExitCode: number | null;
  lastExitMeaning: string | null;
  lastSignal: string | null;
  runs: number | null;
  /** Milliseconds since the running gateway started, when known. */
  uptimeMs: number | null;
  /** The gateway's own view (gateway_state.json), null when it has none. */
  gateway: GatewayReport | null;
  problems: Problem[];
  /** Gateway processes of this home that the service manager does not own (as this gateway). */
  duplicates: number[];
  checkedAt: number;
}

export interface DoctorReport {
  status: GatewayStatus;
  /** The service file, when it is Hermes's own definition: Repair never rewrites it. */
  definition: string | null;
  /** The plist changes Repair would make, empty when the plist is current. */
  plistChanges: PlistChange[];
  /** Repair's plan in order, empty when nothing needs fixing. */
  repairPlan: string[];
  needsRepair: boolean;
}

export const OPERATIONS = ['start', 'stop', 'restart', 'repair', 'uninstall'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface OperationResult {
  operation: Operation;
  ok: true;
  message: string;
  /** What the engine did, in order, in words. */
  actions: string[];
  status: GatewayStatus;
}

export interface OperationFailure {
  operation: Operation;
  ok: false;
  error: ErrorInfo;
}

/** What the app shows for the selected gateway: its last status, or why it could not be read. */
export interface StatusSnapshot {
  profile: string | null;
  status: GatewayStatus | null;
  error: ErrorInfo | null;
  /** The operation running on this gateway now, if any. */
  busy: Operation | null;
  /** Epoch ms of the last look. */
  checkedAt: number;
}

export type OperationResponse = OperationResult | OperationFailure;
