// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App.js';
import { createFakeApi } from './fake-api.js';
import { defaultGateway, snapshotOf, workGateway } from './fixtures.js';
import { facts, INFO, renderApp, title } from './render.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('data flow', () => {
  it('asks once on mount, then renders what the main process pushes', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { pid: 100 }) });
    await renderApp(fake);
    expect(fake.api.getStatus).toHaveBeenCalledTimes(1);
    expect(fake.api.getStatus).toHaveBeenCalledWith(null);
    expect(fake.api.listGateways).toHaveBeenCalledTimes(1);
    expect(fake.api.getPreferences).toHaveBeenCalledTimes(1);
    expect(facts()).toMatch(/^pid 100\b/);

    act(() => fake.pushStatus(snapshotOf('running', { pid: 200 })));
    expect(facts()).toMatch(/^pid 200\b/);

    act(() => fake.pushStatus(snapshotOf('stopped')));
    expect(facts()).not.toMatch(/pid/);
    expect(title()).toBe('Gateway stopped');
  });

  it('keeps a push that arrives before the first answer', async () => {
    const fake = createFakeApi();
    let answer: (value: ReturnType<typeof snapshotOf>) => void = () => undefined;
    fake.api.getStatus.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(<App api={fake.api} info={INFO} />);
    act(() => fake.pushStatus(snapshotOf('running', { pid: 300 })));
    await act(async () => answer(snapshotOf('stopped')));
    expect(facts()).toMatch(/^pid 300\b/);
  });

  it('closes its subscriptions (status, operations, update) on unmount', async () => {
    const fake = createFakeApi();
    const { unmount } = await renderApp(fake);
    expect(fake.listenerCount()).toBe(3);
    unmount();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('keys', () => {
  it('Escape closes the popover; ⌘Q quits', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await user.keyboard('{Escape}');
    expect(fake.api.hidePopover).toHaveBeenCalledTimes(1);
    await user.keyboard('{Meta>}q{/Meta}');
    expect(fake.api.quit).toHaveBeenCalledTimes(1);
  });

  it('Escape in the open ⋯ menu closes the menu, not the popover', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'More' }));
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'More' })).toHaveFocus();
    expect(fake.api.hidePopover).not.toHaveBeenCalled();
  });
});

describe('the ⋯ menu', () => {
  it('has Settings, Open Logs, Copy Diagnostics, the app’s own items, Uninstall and Quit, and moves with the arrow keys', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'More' }));
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Settings…',
      'Open Logs in Console',
      'Copy Diagnostics',
      'Check for Updates…',
      'Install Command Line Tool…',
      'Uninstall Gateway Service…',
      'Quit Hermes Bar⌘Q',
    ]);
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{End}');
    expect(items[6]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[0]).toHaveFocus();
  });

  it('Copy Diagnostics asks the main process for the selected gateway’s report, and says so in place', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { profile: 'work' }, { profile: 'work' }) });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('menuitem', { name: 'Copy Diagnostics' }));
    expect(fake.api.copyDiagnostics).toHaveBeenCalledWith('work');
    expect(await screen.findByRole('menuitem', { name: 'Copied ✓ (secrets removed)' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
  });

  it('Uninstall goes through the confirming call; a declined question leaves no trace', async () => {
    const fake = createFakeApi();
    fake.api.uninstall.mockResolvedValueOnce(null);
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('menuitem', { name: 'Uninstall Gateway Service…' }));
    expect(fake.api.uninstall).toHaveBeenCalledWith(null);
    expect(fake.api.run).not.toHaveBeenCalled();
    await waitFor(() => expect(title()).toBe('Gateway running'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('Uninstall is off when there is nothing installed; Quit quits; Open Logs opens the selected gateway’s', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [{ code: 'plist-missing', severity: 'error', message: 'No plist.', fix: 'Write it.' }] }) });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'More' }));
    expect(screen.getByRole('menuitem', { name: 'Uninstall Gateway Service…' })).toBeDisabled();
    await user.click(screen.getByRole('menuitem', { name: 'Open Logs in Console' }));
    expect(fake.api.openLogs).toHaveBeenCalledWith(null);
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('menuitem', { name: /Quit Hermes Bar/ }));
    expect(fake.api.quit).toHaveBeenCalledTimes(1);
  });
});

describe('profile switcher', () => {
  it('is absent with a single gateway', async () => {
    await renderApp(createFakeApi({ gateways: [defaultGateway] }));
    expect(screen.queryByRole('combobox', { name: 'Gateway profile' })).not.toBeInTheDocument();
  });

  it('lists every gateway and selects through the main process', async () => {
    const fake = createFakeApi({ gateways: [defaultGateway, workGateway] });
    const { user } = await renderApp(fake);
    const select = await screen.findByRole('combobox', { name: 'Gateway profile' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default', 'work']);
    expect(select).toHaveValue('');

    fake.api.selectGateway.mockResolvedValueOnce(snapshotOf('stopped', { profile: 'work', pid: null }, { profile: 'work' }));
    await user.selectOptions(select, 'work');
    expect(fake.api.selectGateway).toHaveBeenCalledWith('work');
    await waitFor(() => expect(title()).toBe('Gateway stopped'));
    expect(select).toHaveDisplayValue('work');

    await user.selectOptions(select, 'Default');
    expect(fake.api.selectGateway).toHaveBeenLastCalledWith(null);
  });
});

describe('details', () => {
  it('shows where the gateway lives as ~/…, the whole path in a tooltip, and reveals it in Finder', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { profile: 'work', home: '/Users/ada/.hermes/profiles/work' }, { profile: 'work' }) });
    const { user } = await renderApp(fake);
    const details = screen.getByRole('list', { name: 'Details' });
    const home = within(details).getByTitle('/Users/ada/.hermes/profiles/work');
    expect(home).toHaveTextContent('~/.hermes/profiles/work');
    await user.click(within(details).getByRole('button', { name: 'Show in Finder: Home' }));
    expect(fake.api.revealPath).toHaveBeenCalledWith('work', 'home');
    await user.click(within(details).getByRole('button', { name: 'Show in Finder: Plist' }));
    expect(fake.api.revealPath).toHaveBeenLastCalledWith('work', 'definition');
  });
});

describe('the log', () => {
  it('is read only when opened, switches stream with the segmented control, refreshes, and goes back', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    expect(fake.api.tailLog).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Gateway log' }));
    expect(fake.api.tailLog).toHaveBeenCalledWith(null, 'stdout', 200);
    await waitFor(() => expect(screen.getByLabelText('Gateway log')).toHaveTextContent('stdout line 1 stdout line 2'));
    expect(screen.getByLabelText('Gateway log').tagName).toBe('PRE');

    const errors = screen.getByRole('radio', { name: 'Errors' });
    errors.focus();
    await user.click(errors);
    expect(fake.api.tailLog).toHaveBeenLastCalledWith(null, 'stderr', 200);
    await waitFor(() => expect(screen.getByLabelText('Gateway log')).toHaveTextContent('stderr line 1'));
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Output' })).toBeChecked();

    const calls = fake.api.tailLog.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(fake.api.tailLog).toHaveBeenCalledTimes(calls + 1);
    await user.click(screen.getByRole('button', { name: 'Open in Console' }));
    expect(fake.api.openLogs).toHaveBeenCalledWith(null);

    await user.click(screen.getByRole('button', { name: /Back/ }));
    expect(title()).toBe('Gateway running');
  });

  it('says so when there is no log yet', async () => {
    const fake = createFakeApi({ log: { path: '/Users/ada/.hermes/logs/gateway.log', lines: [], exists: false } });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Gateway log' }));
    expect(await screen.findByText('No log yet.')).toBeInTheDocument();
    expect(screen.getByTitle('/Users/ada/.hermes/logs/gateway.log')).toHaveTextContent('~/.hermes/logs/gateway.log');
  });
});

describe('settings', () => {
  async function openSettings(fake: ReturnType<typeof createFakeApi>) {
    const rendered = await renderApp(fake);
    await rendered.user.click(screen.getByRole('button', { name: 'More' }));
    await rendered.user.click(screen.getByRole('menuitem', { name: 'Settings…' }));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    return rendered;
  }

  it('asks for approval in System Settings when the login item requires it, on the main view', async () => {
    const fake = createFakeApi({ preferences: { openAtLogin: 'requires-approval', keepRunning: false } });
    const { user } = await renderApp(fake);
    expect(screen.getByRole('note', { name: 'Login item approval' })).toHaveTextContent('System Settings → General → Login Items');
    await user.click(screen.getByRole('button', { name: 'Open Login Items Settings' }));
    expect(fake.api.openLoginItemsSettings).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('menuitem', { name: 'Settings…' }));
    expect(screen.getByRole('switch', { name: 'Open at login' })).toBeChecked();
  });

  it('says nothing under a switch that speaks for itself; a disabled switch where unsupported', async () => {
    await openSettings(createFakeApi({ preferences: { openAtLogin: 'not-registered', keepRunning: false } }));
    expect(screen.getByRole('switch', { name: 'Open at login' })).not.toHaveAccessibleDescription();
    cleanup();
    await openSettings(createFakeApi({ preferences: { openAtLogin: 'unsupported', keepRunning: false } }));
    expect(screen.getByRole('switch', { name: 'Open at login' })).toBeDisabled();
    expect(screen.getByRole('switch', { name: 'Open at login' })).toHaveAccessibleDescription('Not available on this system.');
  });

  it('shows the status the main process answers, not the one asked for', async () => {
    const fake = createFakeApi({ preferences: { openAtLogin: 'not-registered', keepRunning: false } });
    fake.api.setPreference.mockResolvedValueOnce({ openAtLogin: 'requires-approval', keepRunning: false });
    const { user } = await openSettings(fake);
    await user.click(screen.getByRole('switch', { name: 'Open at login' }));
    expect(fake.api.setPreference).toHaveBeenCalledWith('openAtLogin', true);
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Open at login' })).toHaveAccessibleDescription(/Waiting for your approval/));
  });

  it('sets "Keep the gateway running"', async () => {
    const fake = createFakeApi();
    const { user } = await openSettings(fake);
    const toggle = screen.getByRole('switch', { name: 'Keep the gateway running' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(fake.api.setPreference).toHaveBeenCalledWith('keepRunning', true);
    await waitFor(() => expect(toggle).toBeChecked());
  });
});

describe('staleness', () => {
  it('says nothing while the data is fresh', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', {}, { checkedAt: Date.now() - 2_000 }) }));
    expect(facts()).not.toMatch(/checked/);
  });

  it('says how old the data is once it is old', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', {}, { checkedAt: Date.now() - 30_000 }) }));
    expect(facts()).toMatch(/ · checked 3\d s ago$/);
  });

  it('starts counting when no new status arrives for a while', async () => {
    // Fake only the clock and the interval: waitFor still needs a real setTimeout.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    await renderApp(fake);
    expect(facts()).not.toMatch(/checked/);
    act(() => vi.advanceTimersByTime(12_000));
    expect(facts()).toMatch(/checked 12 s ago$/);
    act(() => fake.pushStatus(snapshotOf('running')));
    expect(facts()).not.toMatch(/checked/);
  });
});
