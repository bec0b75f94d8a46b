import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { ipcName, PUSH } from '../../electron/ipc-contract.js';
import { formatUptime, tooltipOf, trayStateOf } from '../../electron/main/tray-state.js';
import type { StatusSnapshot } from '../../electron/service/types.js';
import { FakeNativeImage, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus } from './fake-engine.js';
import { launch, quit } from './harness.js';

function snapshot(fields: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { profile: null, status: gatewayStatus(), error: null, busy: null, checkedAt: 1, ...fields };
}

const errorProblem = { code: 'launcher-missing', severity: 'error', message: 'The plist runs /old/hermes, which no longer exists.', fix: 'Point the plist at /new/hermes.' } as const;

describe('trayStateOf', () => {
  it('maps each gateway state to one of four icons', () => {
    expect(trayStateOf(snapshot())).toBe('running');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'starting', pid: null }) }))).toBe('transition');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'stopping' }) }))).toBe('transition');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'stopped', pid: null }) }))).toBe('stopped');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'not-installed', pid: null }) }))).toBe('stopped');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'crashed', pid: null }) }))).toBe('attention');
    expect(trayStateOf(snapshot({ status: gatewayStatus({ state: 'unknown' }) }))).toBe('attention');
  });

  it('needs attention for any problem of severity error, not for warnings', () => {
    expect(trayStateOf(snapshot({ status: gatewayStatus({ problems: [errorProblem] }) }))).toBe('attention');
    const warning = { ...errorProblem, code: 'plist-stale', severity: 'warning' } as const;
    expect(trayStateOf(snapshot({ status: gatewayStatus({ problems: [warning] }) }))).toBe('running');
  });

  it('shows an operation of ours in flight, the first look, and an unreadable status', () => {
    expect(trayStateOf(snapshot({ busy: 'restart' }))).toBe('transition');
    expect(trayStateOf(snapshot({ status: null, checkedAt: 0 }))).toBe('transition');
    const error = { code: 'launchctl-unavailable', message: 'launchctl is missing', explanation: '', nextStep: '' } as const;
    expect(trayStateOf(snapshot({ status: null, error }))).toBe('attention');
  });
});

describe('tooltipOf', () => {
  it('says state, pid and uptime', () => {
    expect(tooltipOf(snapshot())).toBe('Hermes gateway: running, pid 4242, up 3 h');
  });

  it('names the profile, the exit of a crash, an operation in flight and the first error', () => {
    expect(tooltipOf(snapshot({ profile: 'work', status: gatewayStatus({ profile: 'work', state: 'stopped', pid: null }) }))).toBe('Hermes gateway (work): stopped');
    expect(tooltipOf(snapshot({ status: gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 78, lastExitMeaning: 'configuration error' }) }))).toBe(
      'Hermes gateway: crashed, last exit 78 (configuration error)',
    );
    expect(tooltipOf(snapshot({ busy: 'restart' }))).toBe('Hermes gateway: restarting…');
    expect(tooltipOf(snapshot({ status: gatewayStatus({ problems: [errorProblem] }) }))).toBe(`Hermes gateway: running, pid 4242, up 3 h\n${errorProblem.message}`);
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
    expect(tray.tooltip).toBe('Hermes gateway: running, pid 4242, up 3 h');

    engine.current = gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 1, uptimeMs: null });
    await running.monitor.refresh();
    expect(imageName(tray.image)).toBe('attentionTemplate.png');
    expect(tray.tooltip).toBe('Hermes gateway: crashed, last exit 1');

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
    expect(tray.contextMenu?.items[0]?.label).toBe('Hermes gateway: running, pid 4242, up 3 h');
  });
});
