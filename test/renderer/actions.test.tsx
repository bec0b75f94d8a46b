// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayState, OperationResponse } from '../../electron/ipc-contract.js';
import { createFakeApi, deferred } from './fake-api.js';
import { snapshotOf, statusOf } from './fixtures.js';
import { action, actionButtons, renderApp, type ActionName } from './render.js';

afterEach(cleanup);

function enabledNames(): string[] {
  return actionButtons()
    .filter((button) => !(button as HTMLButtonElement).disabled)
    .map((button) => button.textContent ?? '');
}

describe('action buttons', () => {
  const enabled: [GatewayState, ActionName[]][] = [
    ['not-installed', ['Start', 'Repair']],
    ['stopped', ['Start', 'Restart', 'Repair']],
    ['starting', ['Stop', 'Repair']],
    ['running', ['Stop', 'Restart', 'Repair']],
    ['stopping', ['Start', 'Stop', 'Repair']],
    ['crashed', ['Start', 'Stop', 'Restart', 'Repair']],
    ['unknown', ['Start', 'Stop', 'Repair']],
  ];

  it.each(enabled)('when %s, enables %j', async (state, names) => {
    await renderApp(createFakeApi({ snapshot: snapshotOf(state) }));
    expect(actionButtons().map((b) => b.textContent)).toEqual(['Start', 'Stop', 'Restart', 'Repair']);
    expect(enabledNames()).toEqual(names);
  });

  it('calls run once, disables all four and shows progress while the operation is pending', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    const pending = deferred<OperationResponse>();
    fake.api.run.mockReturnValue(pending.promise);
    const { user } = await renderApp(fake);

    await user.click(action('Restart'));
    await user.click(action('Restart'));
    await user.click(action('Stop'));

    expect(fake.api.run).toHaveBeenCalledTimes(1);
    expect(fake.api.run).toHaveBeenCalledWith('restart', null);
    for (const button of actionButtons()) expect(button).toBeDisabled();
    expect(action('Restart')).toHaveTextContent('Restarting…');
    expect(action('Restart')).toHaveAttribute('aria-busy', 'true');
    expect(action('Stop')).not.toHaveAttribute('aria-busy');

    await act(async () => pending.resolve({ operation: 'restart', ok: true, message: 'Restarted: pid 4243', actions: [], status: statusOf('running') }));

    await waitFor(() => expect(action('Restart')).toHaveTextContent(/^Restart$/));
    expect(action('Restart')).not.toHaveAttribute('aria-busy');
    expect(enabledNames()).toEqual(['Stop', 'Restart', 'Repair']);
    expect(screen.getByText('Restarted: pid 4243')).toHaveAttribute('role', 'status');
  });

  it('passes the selected profile to run', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('stopped', { profile: 'work' }, { profile: 'work' }) });
    const { user } = await renderApp(fake);
    await user.click(action('Start'));
    expect(fake.api.run).toHaveBeenCalledWith('start', 'work');
  });

  it('stays disabled while the snapshot says an operation runs, and follows the next push', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', {}, { busy: 'repair' }) });
    const { user } = await renderApp(fake);
    for (const button of actionButtons()) expect(button).toBeDisabled();
    expect(action('Repair')).toHaveTextContent('Repairing…');
    await user.click(action('Start'));
    expect(fake.api.run).not.toHaveBeenCalled();

    act(() => fake.pushStatus(snapshotOf('running')));
    expect(enabledNames()).toEqual(['Stop', 'Restart', 'Repair']);
  });

  it('follows operation progress pushed for this gateway, not for another one', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    await renderApp(fake);

    act(() => fake.pushOperation({ profile: 'work', operation: 'stop', phase: 'started' }));
    expect(enabledNames()).toEqual(['Stop', 'Restart', 'Repair']);

    act(() => fake.pushOperation({ profile: null, operation: 'stop', phase: 'started' }));
    for (const button of actionButtons()) expect(button).toBeDisabled();
    expect(action('Stop')).toHaveTextContent('Stopping…');

    act(() => fake.pushOperation({ profile: null, operation: 'stop', phase: 'finished' }));
    await waitFor(() => expect(enabledNames()).toEqual(['Stop', 'Restart', 'Repair']));
  });

  it('moves keyboard focus to a button still enabled when the clicked one no longer applies', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('stopped') });
    const pending = deferred<OperationResponse>();
    fake.api.run.mockReturnValue(pending.promise);
    const { user } = await renderApp(fake);
    action('Start').focus();
    await user.keyboard('{Enter}');
    expect(fake.api.run).toHaveBeenCalledWith('start', null);

    act(() => fake.pushStatus(snapshotOf('running')));
    await act(async () => pending.resolve({ operation: 'start', ok: true, message: 'Started', actions: [], status: statusOf('running') }));
    await waitFor(() => expect(action('Stop')).toHaveFocus());
    expect(action('Start')).toBeDisabled();
  });
});
