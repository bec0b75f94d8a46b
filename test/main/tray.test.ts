import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { ipcName, PUSH } from '../../electron/ipc-contract.js';
import { formatUptime, tooltipOf, trayStateOf } from '../../electron/main/tray-state.js';
import type { StatusSnapshot } from '../../electron/service/types.js';
import { FakeNativeImage, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus, runningReport } from './fake-engine.js';
import { launch, quit } from './harness.js';

function snapshot(fields: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { profile: null, status: gatewayStatus(), error: null, busy: null, checkedAt: 1, ...fields };
}

const errorProblem = { code: 'launcher-missing', severity: 'error', message: 'The plist runs /old/hermes, which no longer exists.', fix: 'Point the plist at /new/hermes.' } as const;
const report = (platforms: Array<{ name: string; state: 'connected' | 'fatal'; errorMessage?: string }>) =>
  runningReport(platforms.map((p) => ({ name: p.name, state: p.state, errorCode: null, errorMessage: p.errorMessage ?? null })));

describe('trayStateOf: the glyph per state', () => {
  it.each([
    ['running, healthy: the plain mark (the quietest)', snapshot(), 'running'],
    ['starting', snapshot({ status: gatewayStatus({ state: 'starting', pid: null }) }), 'transition'],
    ['stopping', snapshot({ status: gatewayStatus({ state: 'stopping' }) }), 'transition'],
    ['stopped on purpose: dimmed, calm', snapshot({ status: gatewayStatus({ state: 'stopped', pid: null }) }), 'stopped'],
    ['not set up: dimmed, calm', snapshot({ status: gatewayStatus({ state: 'not-installed', pid: null, problems: [{ ...errorProblem, code: 'plist-missing' }] }) }), 'stopped'],
    ['crashed', snapshot({ status: gatewayStatus({ state: 'crashed', pid: null }) }), 'attention'],
    ['unknown', snapshot({ status: gatewayStatus({ state: 'unknown' }) }), 'attention'],
    ['running with an error', snapshot({ status: gatewayStatus({ problems: [errorProblem] }) }), 'attention'],
    ['running with a warning', snapshot({ status: gatewayStatus({ problems: [{ ...errorProblem, code: 'plist-stale', severity: 'warning' }] }) }), 'attention'],
    ['running with info only', snapshot({ status: gatewayStatus({ problems: [{ ...errorProblem, code: 'no-gui-session', severity: 'info', fix: null }] }) }), 'running'],
    ['running, a platform down (degraded)', snapshot({ status: gatewayStatus({ gateway: report([{ name: 'telegram', state: 'fatal', errorMessage: 'bot token rejected' }]) }) }), 'attention'],
    ['an operation of ours in flight', snapshot({ busy: 'restart' }), 'transition'],
    ['the first look not back yet', snapshot({ status: null, checkedAt: 0 }), 'transition'],
    ['an unreadable status', snapshot({ status: null, error: { code: 'launchctl-unavailable', message: 'launchctl is missing', explanation: '', nextStep: '' } }), 'attention'],
  ] as const)('%s', (_name, given, expected) => {
    expect(trayStateOf(given)).toBe(expected);
  });
});

describe('tooltipOf', () => {
  it('says the headline, then pid and uptime', () => {
    expect(tooltipOf(snapshot())).toBe('Gateway running\npid 4242 · up 3 h');
    const connected = snapshot({ status: gatewayStatus({ gateway: report([{ name: 'telegram', state: 'connected' }, { name: 'discord', state: 'connected' }]) }) });
    expect(tooltipOf(connected).split('\n')[0]).toBe('Gateway running · Telegram and Discord connected');
  });

  it('names the profile, the exit of a crash, an operation in flight, a problem and a platform down', () => {
    expect(tooltipOf(snapshot({ profile: 'work', status: gatewayStatus({ profile: 'work', state: 'stopped', pid: null, uptimeMs: null }) }))).toBe('work: Gateway stopped');
    expect(tooltipOf(snapshot({ status: gatewayStatus({ state: 'crashed', pid: null, uptimeMs: null, lastExitCode: 78, lastExitMeaning: 'configuration error: restarting will not help' }) }))).toBe(
      'Gateway crashed · Configuration error (exit 78)',
    );
    expect(tooltipOf(snapshot({ busy: 'restart' })).split('\n')[0]).toBe('Restarting…');
    expect(tooltipOf(snapshot({ status: gatewayStatus({ problems: [errorProblem] }) })).split('\n')[0]).toBe(`Gateway running · ${errorProblem.message}`);
    expect(tooltipOf(snapshot({ status: gatewayStatus({ gateway: report([{ name: 'telegram', state: 'fatal', errorMessage: 'bot token rejected' }]) }) })).split('\n')[0]).toBe(
      'Gateway running · Telegram disconnected: bot token rejected',
    );
  });

  it('formats uptime by its order of magnitude', () => {
    expect([formatUptime(42_000), formatUptime(12 * 60_000), formatUptime(3 * 3_600_000), formatUptime(50 * 3_600_000)]).toEqual(['42 s', '12 min', '3 h', '2 d']);
  });
});

describe('the tray follows the status', () => {
  beforeEach(() => resetFake());
  afterEach(() => quit());

  const imageName = (image: FakeNativeImage | string): string => (typeof image === 'string' ? image : image.path).split('/').pop() ?? '';

  it('redraws icon and tooltip from each snapshot the monitor publishes, and pushes it to the popover', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine, platform: 'darwin' });
    const tray = onlyTray();
    expect(imageName(tray.image)).toBe('runningTemplate.png');
    expect(tray.image instanceof FakeNativeImage && tray.image.template).toBe(true);
    expect(tray.tooltip).toBe('Gateway running\npid 4242 · up 3 h');

    engine.current = gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 1, uptimeMs: null });
    await running.monitor.refresh();
    expect(imageName(tray.image)).toBe('attentionTemplate.png');
    expect(tray.tooltip).toBe('Gateway crashed · Exit 1');

    engine.current = gatewayStatus({ state: 'stopped', pid: null, uptimeMs: null });
    await running.monitor.refresh();
    expect(imageName(tray.image)).toBe('stoppedTemplate.png');

    const pushed = onlyWindow().webContents.pushes(ipcName(PUSH.status)) as StatusSnapshot[];
    expect(pushed.at(-1)).toEqual(running.monitor.snapshot);
    expect(pushed.map((s) => s.status?.state)).toContain('crashed');
  });

  it('shows busy while an operation of ours runs, and the colour images off macOS', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine, platform: 'linux' });
    const tray = onlyTray();
    expect(imageName(tray.image)).toBe('running-color.png');
    const images: string[] = [];
    running.monitor.onChange(() => images.push(imageName(tray.image)));
    await running.monitor.run('restart', null);
    expect(images).toEqual(['transition-color.png', 'running-color.png']);
    // Linux: the tray menu is set in advance and kept current.
    expect(tray.contextMenu?.items[0]?.label).toBe('Gateway running');
  });
});
