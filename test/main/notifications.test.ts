import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { Notifier } from '../../electron/main/notifier.js';
import { NOTICE_WINDOW_MS, NoticeLimiter, noticeForOperation, noticesForChange } from '../../electron/main/notify-policy.js';
import type { Problem, StatusSnapshot } from '../../electron/service/types.js';
import { fake, onlyTray, onlyWindow, resetFake } from './fake-electron.js';
import { FakeEngine, gatewayStatus } from './fake-engine.js';
import { launch, quit, until } from './harness.js';
import { parsePrint } from '../../electron/service/launchd/print-record.js';
import { parseShow } from '../../electron/service/systemd/unit-record.js';
import type { GatewayStatus } from '../../electron/service/types.js';
import { readRealOutput } from '../support/real-output.js';
import { launchdStatus, systemdStatus } from '../support/status-fixtures.js';

beforeEach(() => resetFake());
afterEach(() => quit());

const crashLoop: Problem = { code: 'crash-loop', severity: 'error', message: 'The gateway exited 5 times in 2 minutes.', fix: null };
const running = (fields: Partial<StatusSnapshot> = {}): StatusSnapshot => ({ profile: null, status: gatewayStatus(), error: null, busy: null, checkedAt: 1, ...fields });
const crashed = (fields: Partial<StatusSnapshot> = {}): StatusSnapshot => running({ status: gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 1 }), ...fields });
const stopped = (fields: Partial<StatusSnapshot> = {}): StatusSnapshot => running({ status: gatewayStatus({ state: 'stopped', pid: null }), ...fields });

describe('notification policy', () => {
  it('notices a gateway that stops or crashes by itself', () => {
    expect(noticesForChange(running(), crashed()).map((n) => n.kind)).toEqual(['stopped']);
    expect(noticesForChange(running(), stopped()).map((n) => n.kind)).toEqual(['stopped']);
  });

  it('stays quiet when our own operation stopped it, on the first look, and across a profile switch', () => {
    expect(noticesForChange(running({ busy: 'stop' }), stopped())).toEqual([]);
    expect(noticesForChange(running(), stopped({ busy: 'restart' }))).toEqual([]);
    expect(noticesForChange(null, crashed())).toEqual([]);
    expect(noticesForChange(running({ status: null }), crashed())).toEqual([]);
    expect(noticesForChange(running(), crashed({ profile: 'work' }))).toEqual([]);
    expect(noticesForChange(stopped(), crashed())).toEqual([]);
  });

  it('notices a crash loop when it newly appears, once', () => {
    const looping = crashed({ status: gatewayStatus({ state: 'starting', pid: null, problems: [crashLoop] }) });
    expect(noticesForChange(crashed(), looping).map((n) => n.kind)).toEqual(['crash-loop']);
    expect(noticesForChange(looping, looping)).toEqual([]);
  });

  it('reports a repair\'s outcome, and other operations only when they fail', () => {
    const status = gatewayStatus();
    expect(noticeForOperation({ operation: 'repair', ok: true, message: 'The gateway was repaired', actions: [], status })).toMatchObject({ kind: 'repair', body: 'The gateway was repaired' });
    expect(noticeForOperation({ operation: 'restart', ok: true, message: 'Restarted', actions: [], status })).toBeNull();
    const error = { code: 'start-timeout', message: 'No gateway appeared', explanation: '', nextStep: 'Check the logs.' } as const;
    expect(noticeForOperation({ operation: 'repair', ok: false, error })).toMatchObject({ kind: 'repair', title: 'Couldn’t repair the gateway', body: 'No gateway appeared. Check the logs.' });
    expect(noticeForOperation({ operation: 'start', ok: false, error })).toMatchObject({ kind: 'operation-failed', title: 'Couldn’t start the gateway' });
    // The body names the popover's button, not a command.
    const cli = { ...error, nextStep: 'Wait a few seconds and try again; if it persists, run `hermes-bar repair`.' };
    expect(noticeForOperation({ operation: 'stop', ok: false, error: cli })?.body).toBe('No gateway appeared. Wait a few seconds and try again; if it persists, click Repair.');
  });

  it('allows one notice per kind per five minutes', () => {
    const limiter = new NoticeLimiter();
    expect(limiter.allow('stopped', 0)).toBe(true);
    expect(limiter.allow('stopped', 60_000)).toBe(false);
    expect(limiter.allow('crash-loop', 60_000)).toBe(true);
    expect(limiter.allow('stopped', NOTICE_WINDOW_MS - 1)).toBe(false);
    expect(limiter.allow('stopped', NOTICE_WINDOW_MS)).toBe(true);
  });
});

describe('notices from real launchd and systemd records', () => {
  const snapshot = (status: GatewayStatus): StatusSnapshot => ({ profile: null, status, error: null, busy: null, checkedAt: 1 });
  const record = (name: string): StatusSnapshot => snapshot(launchdStatus(parsePrint(readRealOutput(name))));
  const runningLook = record('print-02-mimi-running.txt');
  const notices = (next: StatusSnapshot) => noticesForChange(runningLook, next).map((n) => ({ kind: n.kind, title: n.title }));

  it('a respawn in xpcproxy after a running look is starting: no "stopped"', () => {
    expect(runningLook.status?.state).toBe('running');
    expect(notices(record('print-19-clipulse-xpcproxy.txt'))).toEqual([]);
  });

  it('a spawn macOS refuses: one notice that says so, with the reason', () => {
    const next = record('print-18-clipulse-codesigning-exit-reason.txt');
    expect(notices(next)).toEqual([{ kind: 'crash-loop', title: 'macOS refuses to run the Hermes gateway' }]);
    expect(noticesForChange(runningLook, next)[0]?.body).toContain('OS_REASON_CODESIGNING');
    expect(noticesForChange(next, next)).toEqual([]);
  });

  it('a crash loop, with or without a process; a spawn launchd cannot make; the last exit in words', () => {
    expect(notices(record('print-03-mimi-spawn-scheduled-exit1.txt'))).toEqual([{ kind: 'crash-loop', title: 'Hermes gateway keeps crashing' }]);
    expect(notices(record('print-09-chorus-killed9-nested-exit.txt'))).toEqual([{ kind: 'crash-loop', title: 'Hermes gateway keeps crashing' }]);
    expect(notices(record('print-14-btm-spawn-failed-78.tabs.txt'))).toEqual([{ kind: 'crash-loop', title: 'The Hermes gateway cannot be started' }]);
    const memory = snapshot(launchdStatus(parsePrint('x = {\n\tstate = not running\n\truns = 2\n\tlast exit reason = JETSAM_REASON_MEMORY_HIGHWATER\n}\n')));
    expect(notices(memory)).toEqual([{ kind: 'crash-loop', title: 'macOS ended the Hermes gateway for memory' }]);
    const stopped = noticesForChange(runningLook, record('print-01-restic-user503-not-running.txt'));
    expect(stopped).toEqual([{ kind: 'stopped', title: 'Hermes gateway stopped', body: 'The gateway is no longer running (exit 0: stopped cleanly).' }]);
    const killedOnce = snapshot(launchdStatus(parsePrint('x = {\n\tstate = spawn scheduled\n\truns = 2\n\tlast exit reason = OS_REASON_GUARD\n}\n')));
    expect(noticesForChange(runningLook, killedOnce)[0]?.body).toBe('The gateway crashed (OS_REASON_GUARD: was ended by macOS).');
  });

  it('systemd restarting a gateway that keeps failing', () => {
    const next = snapshot(systemdStatus(parseShow(readRealOutput('systemd-02-auto-restart-observed.txt'))));
    expect(notices(next)).toEqual([{ kind: 'crash-loop', title: 'Hermes gateway keeps crashing' }]);
  });
});

describe('the notifier', () => {
  it('rate-limits a flapping gateway to one notification per five minutes', () => {
    let now = 0;
    const notifier = new Notifier(() => undefined, new NoticeLimiter(), () => now);
    for (let i = 0; i < 10; i++) {
      notifier.observe(running());
      notifier.observe(crashed());
      now += 10_000;
    }
    expect(fake.notifications).toHaveLength(1);
    now = NOTICE_WINDOW_MS + 1;
    notifier.observe(running());
    notifier.observe(crashed());
    expect(fake.notifications).toHaveLength(2);
    expect(fake.notifications.every((n) => n.shown)).toBe(true);
  });

  it('fires from the monitor\'s status flow; clicking a notification opens the popover', async () => {
    const engine = new FakeEngine();
    const app = await launch({ engine });
    engine.current = gatewayStatus({ state: 'crashed', pid: null, lastExitCode: 1 });
    await app.running.monitor.refresh();
    expect(fake.notifications.map((n) => n.options.title)).toEqual(['Hermes gateway stopped']);
    fake.notifications[0]?.emit('click');
    expect(onlyWindow().isVisible()).toBe(true);
  });

  it('our own Stop from the menu does not notify', async () => {
    const engine = new FakeEngine();
    engine.after.stop = gatewayStatus({ state: 'stopped', pid: null, uptimeMs: null });
    await launch({ engine });
    const tray = onlyTray();
    tray.emit('right-click');
    tray.popped.at(-1)?.click('stop');
    await until(() => engine.runs().length === 1);
    await until(() => tray.tooltip === 'Gateway stopped');
    expect(fake.notifications).toEqual([]);
  });

  it('a repair from the menu reports its outcome', async () => {
    const engine = new FakeEngine();
    engine.current = gatewayStatus({ problems: [{ code: 'plist-stale', severity: 'warning', message: 'Stale.', fix: 'Rewrite it.' }] });
    await launch({ engine });
    const tray = onlyTray();
    tray.emit('right-click');
    tray.popped.at(-1)?.click('repair');
    await until(() => fake.notifications.length === 1);
    expect(fake.notifications[0]?.options).toMatchObject({ title: 'Hermes gateway repaired', body: 'repair done' });
  });
});
