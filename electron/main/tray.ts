/**
 * The tray icon: redrawn from each status snapshot (image and tooltip), left click toggles the
 * popover, right click opens the context menu, built fresh so it shows the current state.
 */
import { screen, Tray } from 'electron';
import type { Menu, Rectangle } from 'electron';
import type { StatusSnapshot } from '../service/types.js';
import type { TrayIcons } from './tray-icons.js';
import { tooltipOf, trayStateOf } from './tray-state.js';
import type { TrayState } from './tray-state.js';

export interface TrayOptions {
  icons: TrayIcons;
  menu: () => Menu;
  onClick: () => void;
  platform: NodeJS.Platform;
}

export class TrayController {
  readonly tray: Tray;
  private state: TrayState = 'transition';
  private tooltip = '';

  constructor(private readonly options: TrayOptions) {
    this.tray = new Tray(options.icons[this.state]);
    if (options.platform === 'darwin') this.tray.setIgnoreDoubleClickEvents(true);
    this.tray.on('click', () => options.onClick());
    this.tray.on('right-click', () => this.tray.popUpContextMenu(options.menu()));
    if (options.platform === 'linux') this.tray.setContextMenu(options.menu());
  }

  update(snapshot: StatusSnapshot): void {
    const state = trayStateOf(snapshot);
    const tooltip = tooltipOf(snapshot);
    if (state !== this.state) this.tray.setImage(this.options.icons[state]);
    if (tooltip !== this.tooltip) this.tray.setToolTip(tooltip);
    // Linux shows a menu set in advance (no right-click event there), so keep it current.
    if (this.options.platform === 'linux' && (state !== this.state || tooltip !== this.tooltip)) this.tray.setContextMenu(this.options.menu());
    this.state = state;
    this.tooltip = tooltip;
  }

  /** Where the popover opens. Linux trays report no bounds: use the pointer, which just clicked the icon. */
  anchor(): Rectangle {
    const bounds = this.tray.getBounds();
    if (bounds.width > 0 && bounds.height > 0) return bounds;
    const point = screen.getCursorScreenPoint();
    return { x: point.x, y: point.y, width: 1, height: 1 };
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
