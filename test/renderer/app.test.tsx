// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App.js';
import { createFakeApi } from './fake-api.js';
import { defaultGateway, snapshotOf, workGateway } from './fixtures.js';
import { badge, fact, renderApp } from './render.js';

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
    expect(fact('PID')).toBe('100');

    act(() => fake.pushStatus(snapshotOf('running', { pid: 200 })));
    expect(fact('PID')).toBe('200');

    act(() => fake.pushStatus(snapshotOf('stopped')));
    expect(fact('PID')).toBe('—');
    expect(badge()).toHaveTextContent('Stopped');
  });

  it('keeps a push that arrives before the first answer', async () => {
    const fake = createFakeApi();
    let answer: (value: ReturnType<typeof snapshotOf>) => void = () => undefined;
    fake.api.getStatus.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(<App api={fake.api} />);
    act(() => fake.pushStatus(snapshotOf('running', { pid: 300 })));
    await act(async () => answer(snapshotOf('stopped')));
    expect(fact('PID')).toBe('300');
  });

  it('closes its subscriptions (status, operations, update) on unmount', async () => {
    const fake = createFakeApi();
    const { unmount } = await renderApp(fake);
    expect(fake.listenerCount()).toBe(3);
    unmount();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('profile switcher', () => {
  it('is absent with a single gateway', async () => {
    await renderApp(createFakeApi({ gateways: [defaultGateway] }));
    expect(screen.queryByRole('combobox', { name: 'Gateway' })).not.toBeInTheDocument();
  });

  it('lists every gateway and selects through the main process', async () => {
    const fake = createFakeApi({ gateways: [defaultGateway, workGateway] });
    const { user } = await renderApp(fake);
    const select = await screen.findByRole('combobox', { name: 'Gateway' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default (~/.hermes)', 'work']);
    expect(select).toHaveValue('');

    fake.api.selectGateway.mockResolvedValueOnce(snapshotOf('stopped', { profile: 'work', pid: null }, { profile: 'work' }));
    await user.selectOptions(select, 'work');
    expect(fake.api.selectGateway).toHaveBeenCalledWith('work');
    await waitFor(() => expect(badge()).toHaveTextContent('Stopped'));
    expect(select).toHaveDisplayValue('work');

    await user.selectOptions(select, 'Default (~/.hermes)');
    expect(fake.api.selectGateway).toHaveBeenLastCalledWith(null);
  });
});

describe('log tail', () => {
  it('reads the log only when opened, switches stream, refreshes and closes', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    const toggle = screen.getByRole('button', { name: 'Show log' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(fake.api.tailLog).not.toHaveBeenCalled();
    expect(screen.queryByLabelText('Gateway log')).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Hide log');
    expect(fake.api.tailLog).toHaveBeenCalledWith(null, 'stderr', 200);
    await waitFor(() => expect(screen.getByLabelText('Gateway log')).toHaveTextContent('stderr line 1 stderr line 2'));
    expect(screen.getByLabelText('Gateway log').tagName).toBe('PRE');

    await user.click(screen.getByRole('radio', { name: /stdout/ }));
    expect(fake.api.tailLog).toHaveBeenLastCalledWith(null, 'stdout', 200);
    await waitFor(() => expect(screen.getByLabelText('Gateway log')).toHaveTextContent('stdout line 1'));

    const calls = fake.api.tailLog.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(fake.api.tailLog).toHaveBeenCalledTimes(calls + 1);

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByLabelText('Gateway log')).not.toBeInTheDocument();
  });

  it('says so when there is no log yet', async () => {
    const fake = createFakeApi({ log: { path: '/Users/ada/.hermes/logs/gateway.error.log', lines: [], exists: false } });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Show log' }));
    expect(await screen.findByText(/No log yet at \/Users\/ada\/\.hermes\/logs\/gateway\.error\.log/)).toBeInTheDocument();
  });

  it('opens the logs folder of the gateway on screen', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { profile: 'work' }, { profile: 'work' }) });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Open logs' }));
    expect(fake.api.openLogs).toHaveBeenCalledWith('work');
  });
});

describe('settings', () => {
  it('asks for approval in System Settings when the login item requires it', async () => {
    const fake = createFakeApi({ preferences: { openAtLogin: 'requires-approval', keepRunning: false } });
    const { user } = await renderApp(fake);
    expect(screen.getByRole('switch', { name: 'Open at login' })).toBeChecked();
    expect(screen.getByText(/System Settings → General → Login Items/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open Login Items Settings' }));
    expect(fake.api.openLoginItemsSettings).toHaveBeenCalledTimes(1);
  });

  it('has no approval button when the login item is enabled, and a disabled switch where unsupported', async () => {
    await renderApp(createFakeApi({ preferences: { openAtLogin: 'enabled', keepRunning: false } }));
    expect(screen.getByRole('switch', { name: 'Open at login' })).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Open Login Items Settings' })).not.toBeInTheDocument();
    cleanup();
    await renderApp(createFakeApi({ preferences: { openAtLogin: 'unsupported', keepRunning: false } }));
    expect(screen.getByRole('switch', { name: 'Open at login' })).toBeDisabled();
  });

  it('shows the status the main process answers, not the one asked for', async () => {
    const fake = createFakeApi({ preferences: { openAtLogin: 'not-registered', keepRunning: false } });
    fake.api.setPreference.mockResolvedValueOnce({ openAtLogin: 'requires-approval', keepRunning: false });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('switch', { name: 'Open at login' }));
    expect(fake.api.setPreference).toHaveBeenCalledWith('openAtLogin', true);
    expect(await screen.findByRole('button', { name: 'Open Login Items Settings' })).toBeInTheDocument();
  });

  it('sets "Keep the gateway running"', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
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
    expect(screen.queryByTestId('staleness')).not.toBeInTheDocument();
  });

  it('says how old the data is once it is old', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', {}, { checkedAt: Date.now() - 30_000 }) }));
    expect(screen.getByTestId('staleness')).toHaveTextContent(/^checked 3\d s ago$/);
  });

  it('starts counting when no new status arrives for a while', async () => {
    // Fake only the clock and the interval: waitFor still needs a real setTimeout.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    await renderApp(fake);
    expect(screen.queryByTestId('staleness')).not.toBeInTheDocument();
    act(() => vi.advanceTimersByTime(12_000));
    expect(screen.getByTestId('staleness')).toHaveTextContent('checked 12 s ago');
    act(() => fake.pushStatus(snapshotOf('running')));
    expect(screen.queryByTestId('staleness')).not.toBeInTheDocument();
  });
});
