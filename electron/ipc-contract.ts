/**
 * Every IPC channel between the popover and the main process, declared once: its name, the
 * request's runtime validator (run on the main side before anything reaches the engine) and the
 * response's type. The preload, the main process and the demo's web bridge are all built on it.
 *
 * No runtime imports: this file is bundled into the sandboxed preload and the browser bridge.
 */
import type { ErrorInfo } from './service/errors.js';
import type {
  DoctorReport,
  GatewayState,
  GatewayStatus,
  Operation,
  OperationFailure,
  OperationResponse,
  OperationResult,
  StatusSnapshot,
} from './service/types.js';

export type { DoctorReport, ErrorInfo, GatewayState, GatewayStatus, Operation, OperationFailure, OperationResponse, OperationResult, StatusSnapshot };

// --- shapes ---------------------------------------------------------------------------------

export interface GatewaySummary {
  profile: string | null;
  label: string;
  home: string;
  state: GatewayState;
}

export type DoctorResponse = { ok: true; report: DoctorReport } | { ok: false; error: ErrorInfo };

export const LOG_STREAMS = ['stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

export interface LogTail {
  path: string;
  lines: string[];
  /** False when the file does not exist yet. */
  exists: boolean;
}

/** `app.getLoginItemSettings().status` on macOS 13+, or `unsupported` where there is none. */
export const LOGIN_ITEM_STATES = ['enabled', 'not-registered', 'requires-approval', 'not-found', 'unsupported'] as const;
export type LoginItemState = (typeof LOGIN_ITEM_STATES)[number];

export interface Preferences {
  openAtLogin: LoginItemState;
  /** Keep the gateway running: at launch, load a job that is not loaded (once). */
  keepRunning: boolean;
}

export const PREFERENCE_KEYS = ['openAtLogin', 'keepRunning'] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

/**
 * Facts the popover needs from its first paint, given in its page's URL query under these names
 * (no round trip): the app's version, the user's home (paths under it read `~/…`), the OS ("Show
 * in Finder" on darwin) and, on macOS, `material=vibrancy` (the window's material shows through).
 */
export interface AppInfo {
  version: string;
  userHome: string;
  /** process.platform of the main process. */
  os: string;
  material?: 'vibrancy';
}

/** The folders and files of a gateway the popover can show in the file manager; the main side resolves the path. */
export const REVEAL_TARGETS = ['definition', 'home', 'logs'] as const;
export type RevealTarget = (typeof REVEAL_TARGETS)[number];

/**
 * Where the app's self-update stands (electron/main/updater.ts). `unsupported`: this copy cannot
 * update itself (not packaged, or a Linux install other than the AppImage); `message` says why.
 */
export const UPDATE_PHASES = ['unsupported', 'idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

export const UPDATE_ERROR_CODES = ['update-unsupported', 'update-feed-unreachable', 'update-feed-missing', 'update-feed-invalid', 'update-checksum-mismatch', 'update-download-failed', 'update-install-failed'] as const;
export type UpdateErrorCode = (typeof UPDATE_ERROR_CODES)[number];

/** The same four parts as the engine's errors (DESIGN.md rule 8), with the updater's own codes. */
export interface UpdateError {
  code: UpdateErrorCode;
  message: string;
  explanation: string;
  nextStep: string;
}

export interface UpdateState {
  phase: UpdatePhase;
  currentVersion: string;
  /** The version the feed offers (downloading, ready), or the one checked against (up-to-date). */
  version: string | null;
  /** Percent downloaded, while downloading. */
  percent: number | null;
  /** What went wrong (error), or why this copy cannot update itself (unsupported). */
  error: UpdateError | null;
  /** Ready, and no gateway operation is running: "Restart to update" may be offered now. */
  canRestart: boolean;
  /** Check at launch and every few hours. */
  autoCheck: boolean;
  /** When the feed last answered (ms since the epoch). */
  checkedAt: number | null;
}

export interface OperationProgress {
  profile: string | null;
  operation: Operation;
  phase: 'started' | 'finished';
}

// --- validation -----------------------------------------------------------------------------

export class InvalidPayload extends Error {
  constructor(channel: string, why: string) {
    super(`${channel}: ${why}`);
    this.name = 'InvalidPayload';
  }
}

const MAX_PROFILE = 64;
const MAX_TEXT = 64 * 1024;
const MAX_LOG_LINES = 500;
const MAX_POPOVER_HEIGHT = 10_000;
/**
 * What the popover may run directly. Uninstall is not among them: it goes through
 * 'gateway:uninstall', which asks the user on the main side first.
 */
const DIRECT_OPERATIONS = ['start', 'stop', 'restart', 'repair'] as const satisfies readonly Operation[];
export type DirectOperation = (typeof DIRECT_OPERATIONS)[number];

type Fields = Record<string, unknown>;

function record(channel: string, payload: unknown, keys: readonly string[]): Fields {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new InvalidPayload(channel, 'expected an object');
  const extra = Object.keys(payload).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new InvalidPayload(channel, `unexpected field ${JSON.stringify(extra[0]?.slice(0, 40))}`);
  return payload as Fields;
}

/** A profile's shape; its pattern is checked by the engine, which refuses before acting. */
function profile(channel: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PROFILE) {
    throw new InvalidPayload(channel, 'profile must be null or a string of 1 to 64 characters');
  }
  return value;
}

function oneOf<T extends string>(channel: string, field: string, values: readonly T[], value: unknown): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new InvalidPayload(channel, `${field} must be one of ${values.join(', ')}`);
  }
  return value as T;
}

function boolean(channel: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidPayload(channel, `${field} must be true or false`);
  return value;
}

function none(channel: string, payload: unknown): Record<string, never> {
  record(channel, payload ?? {}, []);
  return {};
}

/** Request/response of every invoke channel. `validate` runs on the main side only. */
export const INVOKE = {
  'status:get': {
    validate: (p: unknown) => ({ profile: profile('status:get', record('status:get', p, ['profile']).profile) }),
    response: null as unknown as StatusSnapshot,
  },
  'gateways:list': {
    validate: (p: unknown) => none('gateways:list', p),
    response: null as unknown as GatewaySummary[],
  },
  'gateway:select': {
    validate: (p: unknown) => ({ profile: profile('gateway:select', record('gateway:select', p, ['profile']).profile) }),
    response: null as unknown as StatusSnapshot,
  },
  'operation:run': {
    validate: (p: unknown) => {
      const fields = record('operation:run', p, ['operation', 'profile']);
      return { operation: oneOf('operation:run', 'operation', DIRECT_OPERATIONS, fields.operation), profile: profile('operation:run', fields.profile) };
    },
    response: null as unknown as OperationResponse,
  },
  /** Asks the user (a native dialog, main side) and only then uninstalls; null when they declined. */
  'gateway:uninstall': {
    validate: (p: unknown) => ({ profile: profile('gateway:uninstall', record('gateway:uninstall', p, ['profile']).profile) }),
    response: null as unknown as OperationResponse | null,
  },
  'doctor:run': {
    validate: (p: unknown) => ({ profile: profile('doctor:run', record('doctor:run', p, ['profile']).profile) }),
    response: null as unknown as DoctorResponse,
  },
  'log:tail': {
    validate: (p: unknown) => {
      const fields = record('log:tail', p, ['profile', 'stream', 'lines']);
      const lines = fields.lines;
      if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 1 || lines > MAX_LOG_LINES) {
        throw new InvalidPayload('log:tail', `lines must be a whole number from 1 to ${MAX_LOG_LINES}`);
      }
      return { profile: profile('log:tail', fields.profile), stream: oneOf('log:tail', 'stream', LOG_STREAMS, fields.stream), lines };
    },
    response: null as unknown as LogTail,
  },
  'preferences:get': {
    validate: (p: unknown) => none('preferences:get', p),
    response: null as unknown as Preferences,
  },
  'preferences:set': {
    validate: (p: unknown) => {
      const fields = record('preferences:set', p, ['key', 'value']);
      return { key: oneOf('preferences:set', 'key', PREFERENCE_KEYS, fields.key), value: boolean('preferences:set', 'value', fields.value) };
    },
    response: null as unknown as Preferences,
  },
  'login-items:open-settings': {
    validate: (p: unknown) => none('login-items:open-settings', p),
    response: null as unknown as null,
  },
  'logs:open': {
    validate: (p: unknown) => ({ profile: profile('logs:open', record('logs:open', p, ['profile']).profile) }),
    response: null as unknown as null,
  },
  /** Builds the redacted diagnostics report on the main side and puts it on the clipboard. */
  'diagnostics:copy': {
    validate: (p: unknown) => ({ profile: profile('diagnostics:copy', record('diagnostics:copy', p, ['profile']).profile) }),
    response: null as unknown as null,
  },
  /** The height the popover's content needs; the main side clamps it to the screen and a maximum. */
  'popover:resize': {
    validate: (p: unknown) => {
      const height = record('popover:resize', p, ['height']).height;
      if (typeof height !== 'number' || !Number.isInteger(height) || height < 1 || height > MAX_POPOVER_HEIGHT) {
        throw new InvalidPayload('popover:resize', `height must be a whole number from 1 to ${MAX_POPOVER_HEIGHT}`);
      }
      return { height };
    },
    response: null as unknown as null,
  },
  /** Escape: the popover closes as a menu does. */
  'popover:hide': {
    validate: (p: unknown) => none('popover:hide', p),
    response: null as unknown as null,
  },
  'app:quit': {
    validate: (p: unknown) => none('app:quit', p),
    response: null as unknown as null,
  },
  /** "Install Command Line Tool…": the main process asks and answers in native dialogs. */
  'app:install-cli': {
    validate: (p: unknown) => none('app:install-cli', p),
    response: null as unknown as null,
  },
  /** "Show in Finder" for the gateway's definition, home or logs folder. */
  'path:reveal': {
    validate: (p: unknown) => {
      const fields = record('path:reveal', p, ['profile', 'target']);
      return { profile: profile('path:reveal', fields.profile), target: oneOf('path:reveal', 'target', REVEAL_TARGETS, fields.target) };
    },
    response: null as unknown as null,
  },
  'clipboard:write': {
    validate: (p: unknown) => {
      const text = record('clipboard:write', p, ['text']).text;
      if (typeof text !== 'string' || text.length > MAX_TEXT) throw new InvalidPayload('clipboard:write', 'text must be a string of at most 64 KiB');
      return { text };
    },
    response: null as unknown as null,
  },
  'update:get': {
    validate: (p: unknown) => none('update:get', p),
    response: null as unknown as UpdateState,
  },
  /** Asks the feed now; answers when the check (not the download) is done. */
  'update:check': {
    validate: (p: unknown) => none('update:check', p),
    response: null as unknown as UpdateState,
  },
  /** Quits and installs a downloaded update; refused (the state says why) while an operation runs. */
  'update:restart': {
    validate: (p: unknown) => none('update:restart', p),
    response: null as unknown as UpdateState,
  },
  'update:set-auto-check': {
    validate: (p: unknown) => ({ enabled: boolean('update:set-auto-check', 'enabled', record('update:set-auto-check', p, ['enabled']).enabled) }),
    response: null as unknown as UpdateState,
  },
} as const;

export type InvokeChannel = keyof typeof INVOKE;
export type RequestOf<C extends InvokeChannel> = ReturnType<(typeof INVOKE)[C]['validate']>;
export type ResponseOf<C extends InvokeChannel> = (typeof INVOKE)[C]['response'];
export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];

/** Pushes from the main process to the popover. */
export const PUSH = {
  status: 'push:status',
  operation: 'push:operation',
  update: 'push:update',
} as const;

export interface PushPayloads {
  'push:status': StatusSnapshot;
  'push:operation': OperationProgress;
  'push:update': UpdateState;
}

/** IPC channel names carry a prefix so they cannot collide with Electron's own. */
export function ipcName(channel: InvokeChannel | (typeof PUSH)[keyof typeof PUSH]): string {
  return `hermes-bar:${channel}`;
}

// --- the API the popover sees as window.hermesBar ---------------------------------------------

export interface HermesBarApi {
  getStatus(profile: string | null): Promise<StatusSnapshot>;
  listGateways(): Promise<GatewaySummary[]>;
  selectGateway(profile: string | null): Promise<StatusSnapshot>;
  run(operation: DirectOperation, profile: string | null): Promise<OperationResponse>;
  /** Null when the user declined in the confirmation dialog. */
  uninstall(profile: string | null): Promise<OperationResponse | null>;
  doctor(profile: string | null): Promise<DoctorResponse>;
  tailLog(profile: string | null, stream: LogStream, lines: number): Promise<LogTail>;
  getPreferences(): Promise<Preferences>;
  setPreference(key: PreferenceKey, value: boolean): Promise<Preferences>;
  openLoginItemsSettings(): Promise<null>;
  openLogs(profile: string | null): Promise<null>;
  copyText(text: string): Promise<null>;
  copyDiagnostics(profile: string | null): Promise<null>;
  /** The height the popover's content needs now (the window follows it, up to a maximum). */
  resizePopover(height: number): Promise<null>;
  hidePopover(): Promise<null>;
  quit(): Promise<null>;
  installCommandLineTool(): Promise<null>;
  revealPath(profile: string | null, target: RevealTarget): Promise<null>;
  onStatus(listener: (snapshot: StatusSnapshot) => void): () => void;
  onOperation(listener: (progress: OperationProgress) => void): () => void;
  getUpdate(): Promise<UpdateState>;
  checkForUpdates(): Promise<UpdateState>;
  restartToUpdate(): Promise<UpdateState>;
  setAutoCheckUpdates(enabled: boolean): Promise<UpdateState>;
  onUpdate(listener: (state: UpdateState) => void): () => void;
}

/** The transport a bridge needs: one request/response call and one push subscription. */
export interface Transport {
  invoke(channel: InvokeChannel, request: unknown): Promise<unknown>;
  subscribe(push: (typeof PUSH)[keyof typeof PUSH], listener: (payload: unknown) => void): () => void;
}

/** Builds window.hermesBar on a transport: the same code for Electron's preload and the demo. */
export function createApi(transport: Transport): HermesBarApi {
  const call = <C extends InvokeChannel>(channel: C, request: object): Promise<ResponseOf<C>> =>
    transport.invoke(channel, request) as Promise<ResponseOf<C>>;
  return {
    getStatus: (profile) => call('status:get', { profile }),
    listGateways: () => call('gateways:list', {}),
    selectGateway: (profile) => call('gateway:select', { profile }),
    run: (operation, profile) => call('operation:run', { operation, profile }),
    uninstall: (profile) => call('gateway:uninstall', { profile }),
    doctor: (profile) => call('doctor:run', { profile }),
    tailLog: (profile, stream, lines) => call('log:tail', { profile, stream, lines }),
    getPreferences: () => call('preferences:get', {}),
    setPreference: (key, value) => call('preferences:set', { key, value }),
    openLoginItemsSettings: () => call('login-items:open-settings', {}),
    openLogs: (profile) => call('logs:open', { profile }),
    copyText: (text) => call('clipboard:write', { text }),
    copyDiagnostics: (profile) => call('diagnostics:copy', { profile }),
    resizePopover: (height) => call('popover:resize', { height }),
    hidePopover: () => call('popover:hide', {}),
    quit: () => call('app:quit', {}),
    installCommandLineTool: () => call('app:install-cli', {}),
    revealPath: (profile, target) => call('path:reveal', { profile, target }),
    onStatus: (listener) => transport.subscribe(PUSH.status, (payload) => listener(payload as StatusSnapshot)),
    onOperation: (listener) => transport.subscribe(PUSH.operation, (payload) => listener(payload as OperationProgress)),
    getUpdate: () => call('update:get', {}),
    checkForUpdates: () => call('update:check', {}),
    restartToUpdate: () => call('update:restart', {}),
    setAutoCheckUpdates: (enabled) => call('update:set-auto-check', { enabled }),
    onUpdate: (listener) => transport.subscribe(PUSH.update, (payload) => listener(payload as UpdateState)),
  };
}
