/**
 * A fake window.hermesBar for the popover's component tests: every method is a typed vi.fn with
 * a sensible default answer, and the test pushes statuses and operation progress by hand.
 */
import { vi } from 'vitest';
import type {
  GatewaySummary,
  HermesBarApi,
  LogTail,
  OperationProgress,
  OperationResponse,
  Preferences,
  StatusSnapshot,
  UpdateState,
} from '../../electron/ipc-contract.js';
import { defaultGateway, snapshotOf, statusOf } from './fixtures.js';

export interface FakeOptions {
  snapshot?: StatusSnapshot;
  gateways?: GatewaySummary[];
  preferences?: Preferences;
  log?: LogTail;
  update?: UpdateState;
}

export const UP_TO_DATE: UpdateState = { phase: 'up-to-date', currentVersion: '0.1.0', version: '0.1.0', percent: null, error: null, canRestart: false, autoCheck: true, checkedAt: 1 };

export interface FakeHermesBar {
  api: {
    [K in keyof HermesBarApi]: ReturnType<typeof vi.fn<HermesBarApi[K]>>;
  };
  /** What the main process would push after a status change. Wrap in act(). */
  pushStatus(snapshot: StatusSnapshot): void;
  pushOperation(progress: OperationProgress): void;
  pushUpdate(state: UpdateState): void;
  /** Subscriptions still open (the popover must close its own on unmount). */
  listenerCount(): number;
}

export function createFakeApi(options: FakeOptions = {}): FakeHermesBar {
  const snapshot = options.snapshot ?? snapshotOf('running');
  let preferences: Preferences = options.preferences ?? { openAtLogin: 'not-registered', keepRunning: false };
  const statusListeners = new Set<(snapshot: StatusSnapshot) => void>();
  const operationListeners = new Set<(progress: OperationProgress) => void>();
  const updateListeners = new Set<(state: UpdateState) => void>();
  let update: UpdateState = options.update ?? UP_TO_DATE;

  const api: FakeHermesBar['api'] = {
    getStatus: vi.fn<HermesBarApi['getStatus']>(async () => snapshot),
    listGateways: vi.fn<HermesBarApi['listGateways']>(async () => options.gateways ?? [defaultGateway]),
    selectGateway: vi.fn<HermesBarApi['selectGateway']>(async (profile) => ({ ...snapshot, profile })),
    run: vi.fn<HermesBarApi['run']>(
      async (operation): Promise<OperationResponse> => ({ operation, ok: true, message: `Done: ${operation}`, actions: [], status: snapshot.status ?? statusOf('running') }),
    ),
    uninstall: vi.fn<HermesBarApi['uninstall']>(
      async (): Promise<OperationResponse | null> => ({ operation: 'uninstall', ok: true, message: 'Done: uninstall', actions: [], status: statusOf('not-installed') }),
    ),
    doctor: vi.fn<HermesBarApi['doctor']>(async () => ({ ok: false, error: { code: 'unsupported', message: 'not in the fake', explanation: '', nextStep: '' } })),
    tailLog: vi.fn<HermesBarApi['tailLog']>(async (_profile, stream) => options.log ?? { path: `/home/u/.hermes/logs/gateway.${stream}.log`, lines: [`${stream} line 1`, `${stream} line 2`], exists: true }),
    getPreferences: vi.fn<HermesBarApi['getPreferences']>(async () => preferences),
    setPreference: vi.fn<HermesBarApi['setPreference']>(async (key, value) => {
      preferences = key === 'keepRunning' ? { ...preferences, keepRunning: value } : { ...preferences, openAtLogin: value ? 'enabled' : 'not-registered' };
      return preferences;
    }),
    openLoginItemsSettings: vi.fn<HermesBarApi['openLoginItemsSettings']>(async () => null),
    openLogs: vi.fn<HermesBarApi['openLogs']>(async () => null),
    copyText: vi.fn<HermesBarApi['copyText']>(async () => null),
    copyDiagnostics: vi.fn<HermesBarApi['copyDiagnostics']>(async () => null),
    resizePopover: vi.fn<HermesBarApi['resizePopover']>(async () => null),
    hidePopover: vi.fn<HermesBarApi['hidePopover']>(async () => null),
    quit: vi.fn<HermesBarApi['quit']>(async () => null),
    installCommandLineTool: vi.fn<HermesBarApi['installCommandLineTool']>(async () => null),
    revealPath: vi.fn<HermesBarApi['revealPath']>(async () => null),
    onStatus: vi.fn<HermesBarApi['onStatus']>((listener) => {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    }),
    onOperation: vi.fn<HermesBarApi['onOperation']>((listener) => {
      operationListeners.add(listener);
      return () => {
        operationListeners.delete(listener);
      };
    }),
    getUpdate: vi.fn<HermesBarApi['getUpdate']>(async () => update),
    checkForUpdates: vi.fn<HermesBarApi['checkForUpdates']>(async () => update),
    restartToUpdate: vi.fn<HermesBarApi['restartToUpdate']>(async () => update),
    setAutoCheckUpdates: vi.fn<HermesBarApi['setAutoCheckUpdates']>(async (enabled) => {
      update = { ...update, autoCheck: enabled };
      return update;
    }),
    onUpdate: vi.fn<HermesBarApi['onUpdate']>((listener) => {
      updateListeners.add(listener);
      return () => {
        updateListeners.delete(listener);
      };
    }),
  };

  return {
    api,
    pushStatus: (next) => statusListeners.forEach((listener) => listener(next)),
    pushOperation: (progress) => operationListeners.forEach((listener) => listener(progress)),
    pushUpdate: (state) => {
      update = state;
      updateListeners.forEach((listener) => listener(state));
    },
    listenerCount: () => statusListeners.size + operationListeners.size + updateListeners.size,
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise the test settles when it wants: an operation that is still running. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
