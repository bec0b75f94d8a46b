/**
 * The tray's context menu as a template: the headline, Start, Stop, Restart, Repair (each enabled
 * only where it makes sense in the state, electron/health.ts), Open Logs, Open at Login, Hermes
 * Bar's own items, Quit. Every item calls exactly one action; the actions (app.ts) are one call
 * each into the engine (through the monitor) or the dispatch.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EverydayOperation, Health } from '../health.js';
import type { LoginItemState } from '../ipc-contract.js';
import type { Operation } from '../service/types.js';
import { loginMenuItem } from './login-item.js';

export interface MenuActions {
  run(operation: Operation): void;
  openLogs(): void;
  setOpenAtLogin(open: boolean): void;
  openLoginItemsSettings(): void;
  showPopover(): void;
  quit(): void;
}

export interface MenuModel {
  /** The headline (tray-state.ts statusLine), shown as a disabled title item. */
  statusLine: string;
  health: Pick<Health, 'operations' | 'primary' | 'busy'>;
  loginItem: LoginItemState;
  /** Linux trays often deliver no clicks: the menu is the only way to open the popover there. */
  withOpenItem: boolean;
  /**
   * Items about Hermes Bar itself rather than the gateway (for example "Check for Updates…" or
   * "Restart to Update"), shown in their own group above Quit; none by default.
   */
  appItems?: readonly MenuItemConstructorOptions[];
}

const OPERATION_LABELS: Record<EverydayOperation, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', repair: 'Repair' };

/** Repair sets a gateway up that was never set up: the menu says so, as the popover does. */
function operationLabel(operation: EverydayOperation, health: MenuModel['health']): string {
  return operation === 'repair' && health.primary === 'set-up' ? 'Set Up Gateway' : OPERATION_LABELS[operation];
}

export function menuTemplate(model: MenuModel, actions: MenuActions): MenuItemConstructorOptions[] {
  const login = loginMenuItem(model.loginItem);
  const { health } = model;
  const appItems = model.appItems ?? [];
  return [
    { label: model.statusLine, enabled: false },
    ...(model.withOpenItem ? [{ label: 'Open Hermes Bar', click: () => actions.showPopover() }] : []),
    { type: 'separator' },
    ...(['start', 'stop', 'restart', 'repair'] as const).map(
      (operation): MenuItemConstructorOptions => ({
        id: operation,
        label: operationLabel(operation, health),
        // Only what makes sense now, and one operation at a time from here (the engine would serialize a second anyway).
        enabled: health.busy === null && health.operations.includes(operation),
        click: () => actions.run(operation),
      }),
    ),
    { type: 'separator' },
    { id: 'open-logs', label: 'Open Logs', click: () => actions.openLogs() },
    {
      id: 'open-at-login',
      label: login.label,
      type: 'checkbox',
      checked: login.checked,
      enabled: login.enabled,
      click: () => (login.opensSettings ? actions.openLoginItemsSettings() : actions.setOpenAtLogin(!login.checked)),
    },
    ...(appItems.length > 0 ? [{ type: 'separator' } as const, ...appItems] : []),
    { type: 'separator' },
    { id: 'quit', label: 'Quit Hermes Bar', click: () => actions.quit() },
  ];
}
