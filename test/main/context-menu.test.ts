import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { menuTemplate } from '../../electron/main/context-menu.js';
import type { MenuActions } from '../../electron/main/context-menu.js';
import { healthOf } from '../../electron/health.js';
import type { GatewayStatus, StatusSnapshot } from '../../electron/service/types.js';
import { app, fake, FakeMenu, onlyTray, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus } from './fake-engine.js';
import { launch, quit, settle, until } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());

function rightClick(): FakeMenu {
  const tray = onlyTray();
  tray.emit('right-click');
  const menu = tray.popped.at(-1);
  if (!menu) throw new Error('right click opened no menu');
  return menu;
}

const noActions: MenuActions = { run: () => undefined, openLogs: () => undefined, setOpenAtLogin: () => undefined, openLoginItemsSettings: () => undefined, showPopover: () => undefined, quit: () => undefined };

function enabledOperations(status: GatewayStatus, fields: Partial<StatusSnapshot> = {}): Record<string, boolean | undefined> {
  const snapshot: StatusSnapshot = { profile: null, status, error: null, busy: null, checkedAt: 1, ...fields };
  const items = menuTemplate({ statusLine: '', health: healthOf(snapshot), loginItem: 'not-registered', withOpenItem: false }, noActions);
  return Object.fromEntries(items.filter((i) => ['start', 'stop', 'restart', 'repair'].includes(i.id ?? '')).map((i) => [i.id, i.enabled]));
}

const fixable = { code: 'bad-permissions', severity: 'error', message: 'Mode 0666.', fix: 'Set mode 0644.' } as const;
const configError = { code: 'config-error', severity: 'error', message: 'Exit 78.', fix: null, nextStep: 'Read the log.' } as const;

describe('the tray context menu per state: only what makes sense is enabled', () => {
  it.each([
    ['running', gatewayStatus(), { start: false, stop: true, restart: true, repair: false }],
    ['stopped on purpose', gatewayStatus({ state: 'stopped', pid: null }), { start: true, stop: false, restart: false, repair: false }],
    ['starting', gatewayStatus({ state: 'starting', pid: null }), { start: false, stop: true, restart: false, repair: false }],
    ['stopping', gatewayStatus({ state: 'stopping' }), { start: false, stop: false, restart: false, repair: false }],
    ['crashed with a configuration error', gatewayStatus({ state: 'crashed', pid: null, problems: [configError] }), { start: false, stop: true, restart: true, repair: false }],
    ['running with a problem Repair fixes', gatewayStatus({ problems: [fixable] }), { start: false, stop: true, restart: true, repair: true }],
    ['not set up', gatewayStatus({ state: 'not-installed', pid: null, problems: [{ ...fixable, code: 'plist-missing' }] }), { start: false, stop: false, restart: false, repair: true }],
  ] as const)('%s', (_name, status, expected) => {
    expect(enabledOperations(status)).toEqual(expected);
  });

  it('nothing while an operation runs', () => {
    expect(enabledOperations(gatewayStatus(), { busy: 'restart' })).toEqual({ start: false, stop: false, restart: false, repair: false });
  });

  it('names Repair "Set Up Gateway" for a gateway never set up, and shows the headline first', () => {
    const snapshot: StatusSnapshot = { profile: null, status: gatewayStatus({ state: 'not-installed', pid: null, problems: [{ ...fixable, code: 'plist-missing' }] }), error: null, busy: null, checkedAt: 1 };
    const items = menuTemplate({ statusLine: 'Gateway not set up', health: healthOf(snapshot), loginItem: 'not-registered', withOpenItem: false }, noActions);
    expect(items[0]).toMatchObject({ label: 'Gateway not set up', enabled: false });
    expect(items.find((i) => i.id === 'repair')?.label).toBe('Set Up Gateway');
  });

  it("has a group for Hermes Bar's own items (updates) above Quit, and none by default", () => {
    const health = healthOf({ profile: null, status: gatewayStatus(), error: null, busy: null, checkedAt: 1 });
    const model = { statusLine: '', health, loginItem: 'not-registered' as const, withOpenItem: false };
    const plain = menuTemplate(model, noActions);
    expect(plain.slice(-3).map((i) => i.id ?? i.type)).toEqual(['open-at-login', 'separator', 'quit']);
    const withUpdate = menuTemplate({ ...model, appItems: [{ id: 'update', label: 'Restart to Update' }] }, noActions);
    expect(withUpdate.slice(-5).map((i) => i.id ?? i.type)).toEqual(['open-at-login', 'separator', 'update', 'separator', 'quit']);
  });
});

describe('the tray context menu', () => {
  it('has Start, Stop, Restart, Repair, Open Logs, Open at Login, the update and command-line items, and Quit', async () => {
    await launch();
    const ids = rightClick().items.map((i) => i.id).filter((id) => id !== undefined);
    expect(ids).toEqual(['start', 'stop', 'restart', 'repair', 'open-logs', 'open-at-login', 'update', 'install-cli', 'quit']);
  });

  it.each(['start', 'stop', 'restart', 'repair'] as const)('%s makes exactly one engine.run with that operation on the selected gateway', async (operation) => {
    const engine = new FakeEngine();
    // A state in which the item is enabled: stopped for Start, a problem Repair fixes for Repair.
    if (operation === 'start') engine.current = gatewayStatus({ state: 'stopped', pid: null });
    if (operation === 'repair') engine.current = gatewayStatus({ problems: [{ code: 'plist-stale', severity: 'warning', message: 'Stale.', fix: 'Rewrite it.' }] });
    await launch({ engine });
    const before = engine.runs().length;
    rightClick().click(operation);
    await until(() => engine.runs().length > before);
    await settle();
    expect(engine.runs().slice(before)).toEqual([{ operation, profile: null }]);
  });

  it('runs on the profile the popover selected', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine });
    await running.monitor.select('work');
    rightClick().click('restart');
    await until(() => engine.runs().length > 0);
    expect(engine.runs()).toEqual([{ operation: 'restart', profile: 'work' }]);
  });

  it('disables the operations while one of ours runs', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = engine.run.bind(engine);
    engine.run = async (operation, profile) => {
      await gate;
      return run(operation, profile);
    };
    const pending = running.monitor.run('restart', null);
    expect(rightClick().item('stop').enabled).toBe(false);
    release();
    await pending;
    expect(rightClick().item('stop').enabled).toBe(true);
  });

  it("Open Logs opens the gateway's logs and the app's own log (through dispatch, no engine operation)", async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine });
    rightClick().click('open-logs');
    await until(() => fake.openedPaths.length === 3);
    expect(fake.openedPaths).toEqual(['/nonexistent/logs/gateway.stdout.log', '/nonexistent/logs/gateway.stderr.log', running.log.file]);
    expect(engine.runs()).toEqual([]);
  });

  it('Quit quits the app and nothing else', async () => {
    const engine = new FakeEngine();
    await launch({ engine });
    rightClick().click('quit');
    expect(app.quits).toBe(1);
    expect(engine.runs()).toEqual([]);
  });

  it('a failed operation from the menu is reported in a notification (the popover is closed)', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ state: 'stopped', pid: null });
    engine.failure = { code: 'spawn-failed', message: 'The gateway could not be started', explanation: 'launchd could not run the program.', nextStep: 'Run Repair.' };
    await launch({ engine });
    rightClick().click('start');
    await until(() => fake.notifications.length > 0);
    expect(fake.notifications.map((n) => [n.options.title, n.options.body])).toEqual([['Couldn’t start the gateway', 'The gateway could not be started. Run Repair.']]);
  });
});
