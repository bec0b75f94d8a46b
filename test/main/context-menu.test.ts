import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

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

describe('the tray context menu', () => {
  it('has Start, Stop, Restart, Repair, Open Logs, Open at Login, the update and command-line items, and Quit', async () => {
    await launch();
    const ids = rightClick().items.map((i) => i.id).filter((id) => id !== undefined);
    expect(ids).toEqual(['start', 'stop', 'restart', 'repair', 'open-logs', 'open-at-login', 'update', 'install-cli', 'quit']);
  });

  it.each(['start', 'stop', 'restart', 'repair'] as const)('%s makes exactly one engine.run with that operation on the selected gateway', async (operation) => {
    const engine = new FakeEngine();
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
    expect(fake.notifications.map((n) => [n.options.title, n.options.body])).toEqual([['Start failed', 'The gateway could not be started. Run Repair.']]);
  });
});
