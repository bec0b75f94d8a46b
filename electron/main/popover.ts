/**
 * The popover: one frameless, sandboxed window that shows the renderer under the tray icon and
 * hides when it loses focus. Created once at launch (hidden) so opening it is instant and it
 * receives every status push; closing only hides it until the app quits. Its height follows the
 * content (the renderer reports it) up to a maximum, then the page scrolls; on macOS it has the
 * popover material behind a transparent page, as a menu bar extra's popover does.
 */
import { BrowserWindow, screen } from 'electron';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, Rectangle, WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import type { AppInfo } from '../ipc-contract.js';
import type { AppPaths } from './paths.js';
import { popoverHeight, popoverPosition } from './popover-position.js';
import { lockNavigation } from './security.js';

export const POPOVER_WIDTH = 360;
/** The height before the renderer has said what it needs. */
export const POPOVER_INITIAL_HEIGHT = 420;

/**
 * Clicking the tray icon while the popover is open blurs (hides) it just before the click arrives;
 * without this the click would open it again at once.
 */
const REOPEN_AFTER_BLUR_MS = 300;

export interface PopoverOptions {
  paths: Pick<AppPaths, 'preload' | 'renderer'>;
  /** The tray icon's bounds on screen, where the popover opens. */
  anchor: () => Rectangle;
  onVisibilityChange: (open: boolean) => void;
  now?: () => number;
  platform?: NodeJS.Platform;
  /** Given to the page in its URL (AppInfo): the app's version and the user's home. */
  version: string;
  userHome: string;
}

/** macOS: the system's popover material shows through a transparent page (the renderer is told by `?material=vibrancy`). */
function materialOptions(platform: NodeJS.Platform): Pick<BrowserWindowConstructorOptions, 'vibrancy' | 'visualEffectState' | 'backgroundColor'> {
  return platform === 'darwin' ? { vibrancy: 'popover', visualEffectState: 'active', backgroundColor: '#00000000' } : {};
}

export class Popover {
  readonly window: BrowserWindow;
  private readonly rendererUrl: string;
  private hiddenByBlurAt = Number.NEGATIVE_INFINITY;
  private quitting = false;
  /** The content's height as the renderer last reported it. */
  private contentHeight = POPOVER_INITIAL_HEIGHT;

  constructor(private readonly options: PopoverOptions) {
    const platform = options.platform ?? process.platform;
    this.rendererUrl = pathToFileURL(options.paths.renderer).href;
    this.window = new BrowserWindow({
      width: POPOVER_WIDTH,
      height: POPOVER_INITIAL_HEIGHT,
      show: false,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      ...materialOptions(platform),
      webPreferences: {
        preload: options.paths.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    if (platform === 'darwin') this.window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    lockNavigation(this.window.webContents);
    this.window.on('blur', () => {
      if (!this.window.isVisible()) return;
      this.hiddenByBlurAt = this.now();
      this.window.hide();
    });
    this.window.on('show', () => options.onVisibilityChange(true));
    this.window.on('hide', () => options.onVisibilityChange(false));
    this.window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      this.window.hide();
    });
    const info: AppInfo = { version: options.version, userHome: options.userHome, os: platform, ...(platform === 'darwin' ? { material: 'vibrancy' as const } : {}) };
    void this.window.loadFile(options.paths.renderer, { query: { ...info } }).catch((error: unknown) => console.error('hermes-bar: could not load the popover:', error));
  }

  isVisible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  toggle(): void {
    if (this.isVisible()) this.hide();
    else if (this.now() - this.hiddenByBlurAt >= REOPEN_AFTER_BLUR_MS) this.show();
  }

  show(): void {
    if (this.window.isDestroyed()) return;
    this.place();
    this.window.show();
    this.window.focus();
  }

  hide(): void {
    if (this.isVisible()) this.window.hide();
  }

  /** The renderer's content needs this height: the window follows it, within the screen and the maximum. */
  resize(contentHeight: number): void {
    this.contentHeight = contentHeight;
    if (!this.window.isDestroyed()) this.place();
  }

  /** Under the tray icon, as tall as the content allows on the tray's display. */
  private place(): void {
    const anchor = this.options.anchor();
    const { workArea } = screen.getDisplayMatching(anchor);
    const size = { width: POPOVER_WIDTH, height: popoverHeight(this.contentHeight, workArea) };
    const { x, y } = popoverPosition(anchor, size, workArea);
    this.window.setBounds({ x, y, ...size }, false);
  }

  send(channel: string, payload: unknown): void {
    if (this.window.isDestroyed() || this.window.webContents.isDestroyed()) return;
    this.window.webContents.send(channel, payload);
  }

  /** Only the popover's own top frame, showing our renderer file, may call into the main process. */
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean {
    const frame = event.senderFrame;
    if (this.window.isDestroyed() || event.sender !== this.window.webContents || !frame || frame.parent !== null) return false;
    try {
      const url = new URL(frame.url);
      url.hash = '';
      url.search = '';
      return url.href === this.rendererUrl;
    } catch {
      return false;
    }
  }

  /** At quit: let the window close for real. */
  allowClose(): void {
    this.quitting = true;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get webContents(): WebContents {
    return this.window.webContents;
  }
}
