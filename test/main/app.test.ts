import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { startApp } from '../../electron/main/app.js';
import { appPaths } from '../../electron/main/paths.js';
import { app, fake, powerMonitor, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus, QUIET_TIMING } from './fake-engine.js';
import { launch, quit, until } from './harness.js';

beforeEach(() => resetFake());
afterEach(() => quit());


describe('launch', () => {
  it('a second copy quits at once and builds nothing', async () => {
    fake.primaryInstance = false;
    const engine = new FakeEngine();
    expect(await startApp({ engine, monitorTiming: QUIET_TIMING })).toBeNull();
    expect(app.quits).toBe(1);
    expect(fake.trays).toEqual([]);
    expect(fake.windows).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it('hides the Dock icon and starts the monitor', async () => {
    const { running } = await launch();
    expect(app.dock.hidden).toBe(true);
    expect(running.monitor.snapshot.status?.state).toBe('running');
  });

  it('with keep-running on, loads a job that is not loaded: one start', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ state: 'stopped', pid: null });
    engine.after.start = gatewayStatus();
    const { running } = await launch({ engine, settings: { keepRunning: true, lastVersion: '1.0.0' } });
    expect(engine.runs()).toEqual([{ operation: 'start', profile: null }]);
    expect(running.monitor.snapshot.status?.state).toBe('running');
  });

  it('never touches a job launchd has (rule 6), even with keep-running on', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ state: 'starting', pid: null });
    await launch({ engine, settings: { keepRunning: true, lastVersion: '1.0.0' } });
    expect(engine.runs()).toEqual([]);
  });

  it('with keep-running off, only looks', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ state: 'stopped', pid: null });
    await launch({ engine, settings: { keepRunning: false, lastVersion: '1.0.0' } });
    expect(engine.runs()).toEqual([]);
  });

  it('keep-running set from the popover is saved in the settings file', async () => {
    const { running } = await launch();
    await running.dispatch('preferences:set', { key: 'keepRunning', value: true });
    expect(running.settings.get().keepRunning).toBe(true);
  });

  it('looks again on wake', async () => {
    const engine = new FakeEngine();
    const { running } = await launch({ engine, settings: { lastVersion: '1.0.0' } });
    engine.current = gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 1 });
    powerMonitor.emit('resume');
    await until(() => running.monitor.snapshot.status?.state === 'crashed');
  });

  it('keeps running when the popover closes', () => {
    expect(app.listenerCount('window-all-closed')).toBe(0);
    return launch().then(() => expect(app.listenerCount('window-all-closed')).toBe(1));
  });
});

describe('appPaths', () => {
  it('finds the renderer, the preload and the assets from the built main file, not the working directory', () => {
    const paths = appPaths('/repo/dist/electron/main');
    expect(paths).toEqual({
      renderer: path.join('/repo/dist/renderer/index.html'),
      preload: path.join('/repo/dist/preload/index.cjs'),
      assets: path.join('/repo/assets'),
    });
  });
});
