/**
 * The contract's types, and the few nested shapes the popover names. Derived from GatewayStatus
 * so the renderer imports nothing but electron/ipc-contract (and only its types).
 */
import type { GatewayStatus } from '../../electron/ipc-contract.js';

export type {
  AppInfo,
  DoctorReport,
  ErrorInfo,
  GatewayState,
  GatewayStatus,
  GatewaySummary,
  HermesBarApi,
  LoginItemState,
  LogStream,
  LogTail,
  Operation,
  OperationProgress,
  OperationResponse,
  PreferenceKey,
  Preferences,
  RevealTarget,
  StatusSnapshot,
  UpdateState,
} from '../../electron/ipc-contract.js';
export type { EverydayOperation, FirstRun, Health, PrimaryAction, Tone } from '../../electron/health.js';

export type Problem = GatewayStatus['problems'][number];
export type GatewayReport = NonNullable<GatewayStatus['gateway']>;
export type PlatformStatus = GatewayReport['platforms'][number];
