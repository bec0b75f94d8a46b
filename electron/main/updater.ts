/**
 * The app's self-update, on electron-updater (the updater made for electron-builder's artefacts):
 * checks the feed electron-builder wrote into the app (app-update.yml, from electron-builder.yml's
 * `publish`) at launch and every few hours, downloads a newer version in the background (the
 * download is refused unless its sha512 matches the feed's), and then offers "Restart to update",
 * never while a gateway operation runs. Updating the app never touches the gateway: the app quits
 * and the new copy starts; the gateway keeps running under launchd (or systemd) meanwhile.
 */
import electronUpdater from 'electron-updater';
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { UpdateError, UpdateErrorCode, UpdateState } from '../ipc-contract.js';
import type { OperationEvent } from '../service/monitor.js';
import type { SettingsStore } from './app-settings.js';
import { unsupportedUpdate } from './update-state.js';

/** How often an app left running looks for a new version. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The real updater for this copy of the app, or why there is none. */
export type UpdaterChoice = { updater: AppUpdater } | { unsupported: string };

/**
 * macOS: the zip through Squirrel.Mac (MacUpdater). Linux: only the AppImage replaces itself; a deb
 * is the package manager's to update (electron-updater's DebUpdater would run dpkg through sudo and
 * a shell, which this app never does). A copy run from its sources (`electron .`) has no feed.
 */
export function platformUpdater(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, isPackaged: boolean): UpdaterChoice {
  if (!isPackaged) return { unsupported: 'This copy of Hermes Bar runs from its sources, not from an installed app, so it does not update itself.' };
  if (platform === 'darwin') return { updater: new electronUpdater.MacUpdater() };
  if (platform === 'linux' && env.APPIMAGE) return { updater: new electronUpdater.AppImageUpdater() };
  if (platform === 'linux') return { unsupported: 'Hermes Bar was installed from a package: update it with your package manager (or use the AppImage, which updates itself).' };
  return { unsupported: `Hermes Bar does not update itself on ${platform}.` };
}

export interface UpdateControllerOptions {
  choice: UpdaterChoice;
  currentVersion: string;
  settings: Pick<SettingsStore, 'get' | 'update'>;
  /** Gateway operations starting and finishing (the status monitor's). */
  operations: { onOperation(listener: (event: OperationEvent) => void): () => void };
  log(line: string): void;
  /** Just before quitAndInstall: let the windows close (the popover only hides otherwise, which would hold the quit). */
  beforeRestart?: () => void;
  intervalMs?: number;
  now?: () => number;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim().slice(0, 500);
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** electron-updater's error codes for a feed that answered with something it cannot use. */
const FEED_INVALID = new Set(['ERR_UPDATER_INVALID_UPDATE_INFO', 'ERR_UPDATER_INVALID_VERSION', 'ERR_UPDATER_NO_FILES_PROVIDED', 'ERR_UPDATER_ZIP_FILE_NOT_FOUND']);

function updateError(code: UpdateErrorCode, message: string, explanation: string, nextStep: string): UpdateError {
  return { code, message, explanation, nextStep };
}

/**
 * The channel file a feed answered 404 for, from electron-updater's ERR_UPDATER_CHANNEL_FILE_NOT_FOUND
 * (its message quotes the request: `… url: https://…/latest-mac.yml?noCache=…`), without the cache-buster.
 */
function missingFeedUrl(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  return /\burl: (https?:\/\/[^\s"\\?]+)/.exec(text)?.[1] ?? null;
}

export function checkError(error: unknown): UpdateError {
  const detail = messageOf(error);
  if (codeOf(error) === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') {
    const url = missingFeedUrl(error);
    return updateError(
      'update-feed-missing',
      `Could not check for updates: no update feed found${url ? ` at ${url}` : ''}`,
      'The update server answered 404 Not Found: no release was published at this address, or the feed moved.',
      'Download the current Hermes Bar from its releases page (or update it with Homebrew); this copy cannot find its updates.',
    );
  }
  if (FEED_INVALID.has(codeOf(error) ?? '')) {
    return updateError('update-feed-invalid', 'The update feed answered with something Hermes Bar cannot read', detail, 'Try again later; if it persists, download Hermes Bar from its releases page.');
  }
  return updateError('update-feed-unreachable', 'Could not check for updates: the update feed did not answer', detail, 'Check the network connection and try "Check for Updates…" again.');
}

export function downloadError(version: string | null, error: unknown): UpdateError {
  const what = `Hermes Bar ${version ?? '(new version)'}`;
  if (codeOf(error) === 'ERR_CHECKSUM_MISMATCH') {
    return updateError(
      'update-checksum-mismatch',
      `The download of ${what} was refused: its sha512 checksum does not match the update feed's`,
      `The file is not the one the feed describes (damaged on the way, or altered). It was deleted and nothing was installed. ${messageOf(error)}`,
      'Check for updates again later; if it keeps failing, download Hermes Bar from its releases page.',
    );
  }
  return updateError('update-download-failed', `The download of ${what} failed`, messageOf(error), 'Check for updates again later; nothing was installed.');
}

/** The one owner of the update state: the tray menu and the popover read it, and act through it. */
export class UpdateController {
  private current: UpdateState;
  private readonly updater: AppUpdater | null;
  private readonly listeners = new Set<(state: UpdateState) => void>();
  private readonly running = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<UpdateState> | null = null;
  /** An error event while the download ran; if the download still resolved, it came after the hand-over. */
  private errorDuringDownload: Error | null = null;

  constructor(private readonly options: UpdateControllerOptions) {
    const { choice, currentVersion, settings } = options;
    this.updater = 'updater' in choice ? choice.updater : null;
    const autoCheck = settings.get().autoCheckUpdates;
    this.current =
      'unsupported' in choice
        ? unsupportedUpdate(currentVersion, choice.unsupported, autoCheck)
        : { phase: 'idle', currentVersion, version: null, percent: null, error: null, canRestart: false, autoCheck, checkedAt: null };
    if (this.updater) this.configure(this.updater);
    options.operations.onOperation((event) => this.trackOperation(event));
  }

  get state(): UpdateState {
    return this.current;
  }

  onChange(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At launch: look now and every few hours, if the user left automatic checks on. */
  start(): void {
    if (!this.updater || !this.current.autoCheck) return;
    void this.check();
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Asks the feed. Resolves when the feed has answered (up to date, or a newer version found,
   * whose download then goes on in the background); failures come back in the state, never thrown.
   */
  check(): Promise<UpdateState> {
    const updater = this.updater;
    if (!updater) return Promise.resolve(this.current);
    // A found version is downloading or waiting for the restart: nothing to ask the feed yet.
    if (this.current.phase === 'downloading' || this.current.phase === 'ready') return Promise.resolve(this.current);
    this.checking ??= this.ask(updater).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** Quits and installs the downloaded version; refused while any gateway operation runs. */
  restart(): UpdateState {
    if (!this.updater || !this.current.canRestart) return this.current;
    this.options.log(`update: restarting to install Hermes Bar ${this.current.version}`);
    this.options.beforeRestart?.();
    this.updater.quitAndInstall();
    return this.current;
  }

  setAutoCheck(enabled: boolean): UpdateState {
    this.options.settings.update({ autoCheckUpdates: enabled });
    this.publish({ autoCheck: enabled });
    if (enabled) this.start();
    else this.stop();
    return this.current;
  }

  private configure(updater: AppUpdater): void {
    // The controller decides when to download (at once, in the background) and when to restart.
    updater.autoDownload = false;
    const log = (level: string) => (message?: unknown) => this.options.log(`updater ${level}: ${messageOf(message)}`);
    updater.logger = { info: log('info'), warn: log('warn'), error: log('error') };
    updater.on('download-progress', (progress: ProgressInfo) => {
      if (this.current.phase === 'downloading') this.publish({ percent: Math.floor(progress.percent) });
    });
    // After the download, macOS's Squirrel still unpacks and checks the app's code signature; a
    // failure there arrives only as this event (possibly just before the download's promise settles).
    updater.on('error', (error: Error) => {
      if (this.current.phase === 'downloading') this.errorDuringDownload = error;
      if (this.current.phase === 'ready') this.installFailed(error);
    });
  }

  private installFailed(error: unknown): void {
    const info = updateError('update-install-failed', `Hermes Bar ${this.current.version} could not be prepared for installing`, messageOf(error), 'Download Hermes Bar from its releases page.');
    this.options.log(`update: ${info.code}: ${info.message}: ${info.explanation}`);
    this.publish({ phase: 'error', error: info });
  }

  private async ask(updater: AppUpdater): Promise<UpdateState> {
    this.publish({ phase: 'checking', error: null, percent: null });
    let found: string;
    try {
      const result = await updater.checkForUpdates();
      const now = (this.options.now ?? Date.now)();
      if (!result) throw new Error('the updater is not active in this copy of the app');
      if (!result.isUpdateAvailable) {
        this.options.log(`update: Hermes Bar ${this.current.currentVersion} is up to date (the feed offers ${result.updateInfo.version})`);
        this.publish({ phase: 'up-to-date', version: result.updateInfo.version, checkedAt: now });
        return this.current;
      }
      found = result.updateInfo.version;
      this.options.log(`update: Hermes Bar ${found} found, downloading`);
      this.publish({ phase: 'downloading', version: found, percent: 0, checkedAt: now });
    } catch (error) {
      const info = checkError(error);
      this.options.log(`update: ${info.code}: ${info.message}: ${info.explanation}`);
      this.publish({ phase: 'error', version: null, error: info });
      return this.current;
    }
    void this.download(updater, found);
    return this.current;
  }

  private async download(updater: AppUpdater, version: string): Promise<void> {
    this.errorDuringDownload = null;
    try {
      await updater.downloadUpdate();
      if (this.errorDuringDownload) {
        this.installFailed(this.errorDuringDownload);
        return;
      }
      this.options.log(`update: Hermes Bar ${version} downloaded and verified`);
      this.publish({ phase: 'ready', percent: 100 });
    } catch (error) {
      const info = downloadError(version, error);
      this.options.log(`update: ${info.code}: ${info.message}: ${info.explanation}`);
      this.publish({ phase: 'error', percent: null, error: info });
    }
  }

  private trackOperation({ profile, operation, phase }: OperationEvent): void {
    const key = `${profile ?? ''}\0${operation}`;
    const count = (this.running.get(key) ?? 0) + (phase === 'started' ? 1 : -1);
    if (count > 0) this.running.set(key, count);
    else this.running.delete(key);
    this.publish({});
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  private publish(change: Partial<UpdateState>): void {
    const next = { ...this.current, ...change };
    next.canRestart = next.phase === 'ready' && this.running.size === 0;
    const same = (Object.keys(next) as Array<keyof UpdateState>).every((key) => next[key] === this.current[key]);
    this.current = next;
    if (same) return;
    for (const listener of this.listeners) listener(next);
  }
}
