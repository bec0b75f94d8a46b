/**
 * The main side of every invoke channel: validates the payload against the contract, then makes
 * exactly one call into the engine (or the platform). Free of Electron itself, so the Electron
 * main process and the demo's web host share it.
 */
import path from 'node:path';
import type { Engine } from '../service/engine.js';
import { toErrorInfo } from '../service/errors.js';
import type { StatusMonitor } from '../service/monitor.js';
import type { GatewayStatus, GatewaySummary, InvokeChannel, LoginItemState, Preferences, PreferenceKey, RequestOf, ResponseOf, RevealTarget, UpdateState } from '../ipc-contract.js';
import { INVOKE, InvalidPayload } from '../ipc-contract.js';
import { unsupportedUpdate } from './update-state.js';

/** A yes/no question to the user, asked where the renderer cannot answer it (a native dialog). */
export interface Confirmation {
  message: string;
  detail: string;
  /** The button that says yes, e.g. "Uninstall"; the other one cancels. */
  confirm: string;
}

/** What the main process provides besides the engine: the OS and the app's own settings. */
export interface Platform {
  confirm(question: Confirmation): Promise<boolean>;
  loginItemState(): LoginItemState;
  setOpenAtLogin(open: boolean): void;
  openLoginItemsSettings(): Promise<void>;
  openPaths(paths: string[]): Promise<void>;
  writeClipboard(text: string): void;
  keepRunning(): boolean;
  setKeepRunning(value: boolean): void;
  /** Shows a file or folder in the file manager. */
  revealPath(path: string): void;
  /** The popover's window: follow the content's height (clamped there), or close. */
  resizePopover(height: number): void;
  hidePopover(): void;
  quit(): void;
  /** "Install Command Line Tool…": asks, links `hermes-bar` onto the PATH, says what it did (cli-install.ts). */
  installCommandLineTool(): Promise<void>;
}

/** The app's self-update (updater.ts's UpdateController). */
export interface Updates {
  readonly state: UpdateState;
  check(): Promise<UpdateState>;
  restart(): UpdateState;
  setAutoCheck(enabled: boolean): UpdateState;
}

/** Where there is no updater at all (the demo's web host): the update channels say so. */
export function noUpdates(appVersion: string): Updates {
  const state = unsupportedUpdate(appVersion, 'Only the installed app checks the update feed.', false);
  return { state, check: async () => state, restart: () => state, setAutoCheck: () => state };
}

export interface DispatchDeps {
  engine: Engine;
  monitor: StatusMonitor;
  platform: Platform;
  /** The app's own log, opened by "Open logs" beside the gateway's. */
  appLogFile: string | null;
  /** Named in the diagnostics report. */
  appVersion: string;
  /** The app's self-update; none in the demo (noUpdates). */
  updates?: Updates;
}

type Handlers = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** The gateway's logs that exist, else their folder; none when there is no gateway home (Hermes not installed). */
async function gatewayLogs(engine: Engine, profile: string | null): Promise<string[]> {
  let logs;
  try {
    logs = await Promise.all([engine.tailLog(profile, 'stdout', 1), engine.tailLog(profile, 'stderr', 1)]);
  } catch {
    return [];
  }
  const existing = logs.filter((log) => log.exists).map((log) => log.path);
  return existing.length > 0 ? existing : [path.dirname(logs[0]?.path ?? '')];
}

/** The path behind a reveal target, from the engine's own status (the popover never names a path). */
async function revealedPath(engine: Engine, profile: string | null, target: RevealTarget): Promise<string> {
  if (target === 'logs') return path.dirname((await engine.tailLog(profile, 'stderr', 1)).path);
  const status = await engine.status(profile);
  return target === 'definition' ? status.plistPath : status.home;
}

function preferences(platform: Platform): Preferences {
  return { openAtLogin: platform.loginItemState(), keepRunning: platform.keepRunning() };
}

const SETTERS: Record<PreferenceKey, (platform: Platform, value: boolean) => void> = {
  openAtLogin: (platform, value) => platform.setOpenAtLogin(value),
  keepRunning: (platform, value) => platform.setKeepRunning(value),
};

export function uninstallQuestion(status: Pick<GatewayStatus, 'label' | 'plistPath'>): Confirmation {
  return {
    message: 'Uninstall the Hermes gateway service?',
    detail:
      `Hermes Bar will stop the gateway, unload ${status.label} from launchd and move ${status.plistPath} aside to a backup ` +
      'beside it (it is kept, not deleted). The gateway will not start at login until you set it up again with "Set up gateway" or Repair.',
    confirm: 'Uninstall',
  };
}

function handlers({ engine, monitor, platform, appLogFile, appVersion, updates = noUpdates(appVersion) }: DispatchDeps): Handlers {
  return {
    'status:get': async ({ profile }) => (profile === monitor.snapshot.profile && monitor.snapshot.checkedAt > 0 ? monitor.snapshot : monitor.select(profile)),
    'gateways:list': async () =>
      (await engine.list()).map((s): GatewaySummary => ({ profile: s.profile, label: s.label, home: s.home, state: s.state })),
    'gateway:select': ({ profile }) => monitor.select(profile),
    'operation:run': ({ operation, profile }) => monitor.run(operation, profile),
    'gateway:uninstall': async ({ profile }) => {
      let status: GatewayStatus;
      try {
        status = await engine.status(profile);
      } catch (error) {
        return { operation: 'uninstall', ok: false, error: toErrorInfo(error) };
      }
      return (await platform.confirm(uninstallQuestion(status))) ? monitor.run('uninstall', profile) : null;
    },
    'doctor:run': async ({ profile }) => {
      try {
        return { ok: true, report: await engine.doctor(profile) };
      } catch (error) {
        return { ok: false, error: toErrorInfo(error) };
      }
    },
    'log:tail': ({ profile, stream, lines }) => engine.tailLog(profile, stream, lines),
    'preferences:get': async () => preferences(platform),
    'preferences:set': async ({ key, value }) => {
      SETTERS[key](platform, value);
      return preferences(platform);
    },
    'login-items:open-settings': async () => {
      await platform.openLoginItemsSettings();
      return null;
    },
    'logs:open': async ({ profile }) => {
      await platform.openPaths([...(await gatewayLogs(engine, profile)), ...(appLogFile ? [appLogFile] : [])]);
      return null;
    },
    'diagnostics:copy': async ({ profile }) => {
      platform.writeClipboard(await engine.diagnostics(profile, appVersion));
      return null;
    },
    'popover:resize': async ({ height }) => {
      platform.resizePopover(height);
      return null;
    },
    'popover:hide': async () => {
      platform.hidePopover();
      return null;
    },
    'app:quit': async () => {
      platform.quit();
      return null;
    },
    'app:install-cli': async () => {
      await platform.installCommandLineTool();
      return null;
    },
    'path:reveal': async ({ profile, target }) => {
      platform.revealPath(await revealedPath(engine, profile, target));
      return null;
    },
    'clipboard:write': async ({ text }) => {
      platform.writeClipboard(text);
      return null;
    },
    'update:get': async () => updates.state,
    'update:check': () => updates.check(),
    'update:restart': async () => updates.restart(),
    'update:set-auto-check': async ({ enabled }) => updates.setAutoCheck(enabled),
  };
}

export type Dispatch = (channel: string, payload: unknown) => Promise<unknown>;

/** Returns the one function every transport calls; an unknown channel or a malformed payload is refused before any handler runs. */
export function createDispatch(deps: DispatchDeps): Dispatch {
  const table = handlers(deps);
  return async (channel, payload) => {
    if (!Object.hasOwn(INVOKE, channel)) throw new InvalidPayload(String(channel).slice(0, 60), 'unknown channel');
    const name = channel as InvokeChannel;
    const request = INVOKE[name].validate(payload);
    return (table[name] as (request: unknown) => Promise<unknown>)(request);
  };
}
