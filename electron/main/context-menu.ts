/**
 * The tray's context menu as a template: Start, Stop, Restart, Repair, Open logs, Open at Login,
 * Quit. Every item calls exactly one action; the actions (app.ts) are one call each into the
 * engine (through the monitor) or the dispatch.
 */
import type { MenuItemConstructorOptions } from 'electron';
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
  /** The tooltip's first line, shown as a disabled title item. */
  statusLine: string;
  busy: Operation | null;
  loginItem: LoginItemState;
  /** Linux trays often deliver no clicks: the menu is the only way to open the popover there. */
  withOpenItem: boolean;
}

const OPERATION_ITEMS: ReadonlyArray<{ operation: Operation; label: string }> = [
  { operation: 'start', label: 'Start' },
  { operation: 'stop', label: 'Stop' },
  { operation: 'restart', label: 'Restart' },
  { operation: 'repair', label: 'Repair' },
];

export function menuTemplate(model: MenuModel, actions: MenuActions): MenuItemConstructorOptions[] {
  const login = loginMenuItem(model.loginItem);
  return [
    { label: model.statusLine, enabled: false },
    ...(model.withOpenItem ? [{ label: 'Open Hermes Bar', click: () => actions.showPopover() }] : []),
    { type: 'separator' },
    ...OPERATION_ITEMS.map(({ operation, label }): MenuItemConstructorOptions => ({
      id: operation,
      label,
      // One operation at a time from here; the engine would serialize a second one anyway.
      enabled: model.busy === null,
      click: () => actions.run(operation),
    })),
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
    { type: 'separator' },
    { id: 'quit', label: 'Quit Hermes Bar', click: () => actions.quit() },
  ];
}
