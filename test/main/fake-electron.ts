/**
 * A small fake of the parts of Electron the main process and the preload use, for
 * `vi.mock('electron', () => import('./fake-electron.js'))`. Arguments and results use Electron's
 * own types; the classes record what the app did so tests can look, and emit what the OS would.
 * `resetFake()` before each test: the exported objects stay the same (the app imported them).
 */
import type {
  BrowserWindowConstructorOptions,
  Display,
  HeadersReceivedResponse,
  IpcMainInvokeEvent,
  KeyboardEvent,
  LoginItemSettings,
  MenuItem,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  NotificationConstructorOptions,
  OnHeadersReceivedListenerDetails,
  OpenExternalOptions,
  Point,
  Rectangle,
  Settings,
} from 'electron';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (...args: unknown[]) => unknown;

class Emitter {
  private readonly handlers = new Map<string, Handler[]>();

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener as Handler]);
    return this;
  }

  removeListener(event: string, listener: (...args: never[]) => unknown): this {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== listener),
    );
    return this;
  }

  once(event: string, listener: (...args: never[]) => unknown): this {
    const once = (...args: never[]): unknown => {
      this.removeListener(event, once);
      return listener(...args);
    };
    return this.on(event, once);
  }

  emit(event: string, ...args: unknown[]): boolean {
    const handlers = this.handlers.get(event) ?? [];
    for (const handler of handlers) handler(...args);
    return handlers.length > 0;
  }

  listenerCount(event: string): number {
    return this.handlers.get(event)?.length ?? 0;
  }

  removeAllListeners(): void {
    this.handlers.clear();
  }
}

/** What Electron passes as `event` to will-navigate, close, …: only preventDefault matters. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// --- nativeImage --------------------------------------------------------------------------------

export class FakeNativeImage {
  template = false;
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return false;
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
}

export const nativeImage = {
  createFromPath: (path: string): FakeNativeImage => new FakeNativeImage(path),
};

// --- Menu ---------------------------------------------------------------------------------------

export class FakeMenu {
  constructor(readonly items: MenuItemConstructorOptions[]) {}

  item(id: string): MenuItemConstructorOptions {
    const found = this.items.find((i) => i.id === id);
    if (!found) throw new Error(`no menu item ${id}; have ${this.items.map((i) => i.id ?? i.label ?? i.type).join(', ')}`);
    return found;
  }

  /** Clicks an item as Electron would (the app's handlers ignore the arguments). */
  click(id: string): void {
    const item = this.item(id);
    if (item.enabled === false) throw new Error(`menu item ${id} is disabled`);
    item.click?.({} as MenuItem, undefined, {} as KeyboardEvent);
  }
}

export const Menu = {
  buildFromTemplate: (template: MenuItemConstructorOptions[]): FakeMenu => new FakeMenu(template),
};

// --- Tray ---------------------------------------------------------------------------------------

export class Tray extends Emitter {
  image: FakeNativeImage | string;
  images: Array<FakeNativeImage | string> = [];
  tooltips: string[] = [];
  popped: FakeMenu[] = [];
  contextMenu: FakeMenu | null = null;
  bounds: Rectangle = { x: 1800, y: 0, width: 22, height: 24 };
  ignoreDoubleClick = false;
  private destroyed = false;

  constructor(image: FakeNativeImage | string) {
    super();
    this.image = image;
    fake.trays.push(this);
  }

  setImage(image: FakeNativeImage | string): void {
    this.image = image;
    this.images.push(image);
  }
  setToolTip(toolTip: string): void {
    this.tooltips.push(toolTip);
  }
  get tooltip(): string | undefined {
    return this.tooltips.at(-1);
  }
  popUpContextMenu(menu?: FakeMenu, _position?: Point): void {
    if (menu) this.popped.push(menu);
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
  }
  setIgnoreDoubleClickEvents(ignore: boolean): void {
    this.ignoreDoubleClick = ignore;
  }
  getBounds(): Rectangle {
    return this.bounds;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

// --- BrowserWindow ------------------------------------------------------------------------------

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents extends Emitter {
  sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  mainFrame: FakeFrame = { url: 'about:blank', parent: null };

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, payload: args[0] });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  pushes(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.payload);
  }
}

export class BrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedFile: string | null = null;
  loadedQuery: Record<string, string> | null = null;
  position: [number, number] = [0, 0];
  bounds: Rectangle;
  visibleOnAllWorkspaces = false;
  private visible = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.visible = options.show ?? true;
    fake.windows.push(this);
  }

  async loadFile(filePath: string, options?: { query?: Record<string, string> }): Promise<void> {
    this.loadedFile = filePath;
    this.loadedQuery = options?.query ?? null;
    this.webContents.mainFrame = { url: pathToFileURL(filePath).href, parent: null };
  }
  setVisibleOnAllWorkspaces(visible: boolean, _options?: { visibleOnFullScreen?: boolean }): void {
    this.visibleOnAllWorkspaces = visible;
  }
  setPosition(x: number, y: number, _animate?: boolean): void {
    this.position = [x, y];
    this.bounds = { ...this.bounds, x, y };
  }
  setBounds(bounds: Partial<Rectangle>, _animate?: boolean): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.position = [this.bounds.x, this.bounds.y];
  }
  getBounds(): Rectangle {
    return this.bounds;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return false;
  }
  show(): void {
    if (this.visible) return;
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {}
  /** The OS took focus away (a click elsewhere). */
  blur(): void {
    this.emit('blur');
  }
}

// --- screen -------------------------------------------------------------------------------------

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, w) * Math.max(0, h);
}

export const screen = {
  getDisplayMatching(rect: Rectangle): Pick<Display, 'bounds' | 'workArea'> {
    fake.matchedRects.push(rect);
    const best = [...fake.displays].sort((a, b) => overlap(b.bounds, rect) - overlap(a.bounds, rect))[0];
    if (!best) throw new Error('no displays');
    return best;
  },
  getCursorScreenPoint: (): Point => fake.cursor,
};

// --- app, powerMonitor, session ------------------------------------------------------------------

class FakeApp extends Emitter {
  readonly dock = {
    hidden: false,
    hide(): void {
      this.hidden = true;
    },
  };
  quits = 0;
  exitCode: number | null = null;
  relaunches = 0;

  get isPackaged(): boolean {
    return fake.isPackaged;
  }
  getName(): string {
    return 'Hermes Bar';
  }
  getAppPath(): string {
    return fake.appPath;
  }
  relaunch(): void {
    this.relaunches += 1;
  }

  requestSingleInstanceLock(): boolean {
    return fake.primaryInstance;
  }
  async whenReady(): Promise<void> {}
  quit(): void {
    this.quits += 1;
  }
  exit(code?: number): void {
    this.exitCode = code ?? 0;
  }
  getPath(name: 'userData' | 'logs'): string {
    return name === 'logs' ? fake.logs : fake.userData;
  }
  getVersion(): string {
    return fake.version;
  }
  focus(_options?: { steal: boolean }): void {}
  getLoginItemSettings(): LoginItemSettings {
    // A partial reading on purpose: Linux and old macOS leave `status` out.
    return { ...fake.loginItem } as LoginItemSettings;
  }
  setLoginItemSettings(settings: Settings): void {
    fake.loginItemSets.push(settings);
  }
}

export const app = new FakeApp();
export const powerMonitor = new Emitter();

type HeadersListener = (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void;
type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;

export const session = {
  /** electron-updater's own session for its downloads (electronHttpExecutor.getNetSession). */
  fromPartition(partition: string, _options?: { cache?: boolean }): { partition: string } {
    return { partition };
  },
  defaultSession: {
    webRequest: {
      onHeadersReceived(listener: HeadersListener | null): void {
        fake.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: PermissionHandler | null): void {
      fake.permissionHandler = handler;
    },
  },
};

// --- ipcMain ------------------------------------------------------------------------------------

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export const ipcMain = {
  handle(channel: string, listener: InvokeHandler): void {
    // Electron throws on a second handler for one channel.
    if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    fake.ipcHandlers.delete(channel);
  },
};

/** Calls a registered handler as Electron would for a message from `sender`'s `frame`. */
export async function invokeFrom(sender: FakeWebContents, frame: FakeFrame | null, channel: string, payload: unknown): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
  return handler(event, payload);
}

// --- dialog, Notification, shell, clipboard ------------------------------------------------------

export const dialog = {
  async showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
    fake.dialogs.push(options);
    return fake.dialogAnswers.shift() ?? { response: options.cancelId ?? 0, checkboxChecked: false };
  },
};

export class Notification extends Emitter {
  shown = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
    fake.notifications.push(this);
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.shown = true;
  }
}

export const shell = {
  async openExternal(url: string, _options?: OpenExternalOptions): Promise<void> {
    fake.externals.push(url);
  },
  async openPath(path: string): Promise<string> {
    fake.openedPaths.push(path);
    return '';
  },
  showItemInFolder(path: string): void {
    fake.revealedPaths.push(path);
  },
};

export const clipboard = {
  writeText(text: string): void {
    fake.clipboard.push(text);
  },
};

// --- net: what electron-updater downloads through (ElectronHttpExecutor) ----------------------------

/** The options electron-updater passes to net.request (builder-util-runtime's request options). */
export interface NetRequestOptions {
  protocol?: string;
  hostname?: string;
  port?: string | number;
  path?: string;
  method?: string;
  headers?: Record<string, string | string[] | number | undefined>;
  redirect?: string;
  session?: unknown;
}

/**
 * Chromium's network stack, played by Node's http client: electron-updater gets an object with
 * Electron's ClientRequest surface (response, redirect, login, error, abort, end). Every request is
 * recorded in fake.netRequests, so a test can say where the updater went.
 */
export const net = {
  request(options: NetRequestOptions): ClientRequest {
    const url = `${options.protocol ?? 'https:'}//${options.hostname}${options.port ? `:${options.port}` : ''}${options.path ?? '/'}`;
    fake.netRequests.push({ url, method: options.method ?? 'GET', session: options.session });
    if (options.protocol !== 'http:') throw new Error(`fake net: only http:// is served in tests, not ${url}`);
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([, v]) => v !== undefined)) as http.OutgoingHttpHeaders;
    return http.request({ hostname: options.hostname, port: options.port, path: options.path, method: options.method ?? 'GET', headers });
  },
};

// --- autoUpdater: Squirrel.Mac, as far as MacUpdater talks to it ------------------------------------

/**
 * What electron-updater's MacUpdater hands the verified zip to. The real Squirrel.Mac asks the feed
 * URL it was given (MacUpdater's proxy on 127.0.0.1, with Basic auth) for `{ url }`, downloads that
 * zip, unpacks it, checks the new app's code signature against the running one's, and emits
 * update-downloaded; quitAndInstall replaces the app and relaunches it. This fake does the two
 * requests and keeps the bytes (fake.squirrel), then emits update-downloaded; unpacking, the
 * signature check and the replacement are Squirrel's own and run only on a Mac.
 */
class FakeAutoUpdater extends Emitter {
  private feed: { url: string; headers: Record<string, string> } | null = null;

  setFeedURL(options: { url: string; headers?: Record<string, string> }): void {
    this.feed = { url: options.url, headers: options.headers ?? {} };
    fake.squirrel.feeds.push(options.url);
  }

  checkForUpdates(): void {
    const feed = this.feed;
    if (!feed) {
      this.emit('error', new Error('Update URL is not set'));
      return;
    }
    void (async () => {
      const answer = await fetchBody(feed.url, feed.headers);
      const { url } = JSON.parse(answer.toString('utf8')) as { url: string };
      const zip = await fetchBody(url, {});
      fake.squirrel.downloaded.push(zip);
      if (fake.squirrel.signatureError) throw new Error(fake.squirrel.signatureError);
      this.emit('update-downloaded', {}, '', '', new Date(), url);
    })().catch((error: unknown) => this.emit('error', error));
  }

  quitAndInstall(): void {
    fake.squirrel.installs += 1;
    app.quit();
  }
}

function fetchBody(url: string, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${response.statusCode} from ${url}`))));
    });
    request.on('error', reject);
  });
}

export const autoUpdater = new FakeAutoUpdater();

// --- preload side -------------------------------------------------------------------------------

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    fake.exposed.set(apiKey, api);
  },
};

class FakeIpcRenderer extends Emitter {
  invoked: Array<{ channel: string; args: unknown[] }> = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { channel };
  }
}

export const ipcRenderer = new FakeIpcRenderer();

// --- the recorded state ---------------------------------------------------------------------------

export interface FakeDisplay {
  bounds: Rectangle;
  workArea: Rectangle;
}

function initialState() {
  return {
    primaryInstance: true,
    userData: '/nonexistent',
    logs: '/nonexistent-logs',
    version: '1.0.0',
    loginItem: { openAtLogin: false, status: 'not-registered' } as { openAtLogin: boolean; status?: string },
    loginItemSets: [] as Settings[],
    trays: [] as Tray[],
    windows: [] as BrowserWindow[],
    notifications: [] as Notification[],
    dialogs: [] as MessageBoxOptions[],
    /** Answers for the next message boxes, in order; afterwards the cancel button. */
    dialogAnswers: [] as MessageBoxReturnValue[],
    externals: [] as string[],
    openedPaths: [] as string[],
    revealedPaths: [] as string[],
    clipboard: [] as string[],
    ipcHandlers: new Map<string, InvokeHandler>(),
    headersListener: null as HeadersListener | null,
    permissionHandler: null as PermissionHandler | null,
    displays: [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 } }] as FakeDisplay[],
    matchedRects: [] as Rectangle[],
    cursor: { x: 0, y: 0 } as Point,
    exposed: new Map<string, unknown>(),
    isPackaged: false,
    appPath: '/Applications/Hermes Bar.app/Contents/Resources/app.asar',
    netRequests: [] as Array<{ url: string; method: string; session: unknown }>,
    squirrel: { feeds: [] as string[], downloaded: [] as Buffer[], installs: 0, signatureError: null as string | null },
  };
}

export const fake = initialState();

export function resetFake(): void {
  Object.assign(fake, initialState());
  app.removeAllListeners();
  app.quits = 0;
  app.exitCode = null;
  app.relaunches = 0;
  app.dock.hidden = false;
  autoUpdater.removeAllListeners();
  powerMonitor.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
}

/**
 * electron-updater is CommonJS from node_modules and calls require('electron') itself, which
 * vi.mock does not reach: this puts the same fake in Node's require cache under the path
 * require('electron') resolves to, so its net, session, app and autoUpdater are these.
 */
export function fakeElectronForCommonJs(module: object): void {
  const require = createRequire(import.meta.url);
  const id = require.resolve('electron');
  require.cache[id] = { id, filename: id, loaded: true, exports: module, children: [], paths: [], path: path.dirname(id) } as unknown as NodeJS.Module;
}

export function onlyTray(): Tray {
  const tray = fake.trays[0];
  if (!tray || fake.trays.length !== 1) throw new Error(`expected one tray, have ${fake.trays.length}`);
  return tray;
}

export function onlyWindow(): BrowserWindow {
  const window = fake.windows[0];
  if (!window || fake.windows.length !== 1) throw new Error(`expected one window, have ${fake.windows.length}`);
  return window;
}
