// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStatus, OperationResponse } from '../../electron/ipc-contract.js';
import { App } from '../../renderer/src/App.js';
import { createFakeApi, deferred } from './fake-api.js';
import { snapshotOf, type Problem } from './fixtures.js';
import { actionButtons, detail, facts, headline, INFO, primaries, renderApp, title } from './render.js';

afterEach(cleanup);

const connected = (names: string[]): GatewayStatus['gateway'] => ({
  state: 'running',
  exitReason: null,
  activeAgents: 0,
  updatedAt: Date.now(),
  stale: false,
  platforms: names.map((name) => ({ name, state: 'connected', errorCode: null, errorMessage: null })),
  writer: null,
});

const fixable: Problem = { code: 'bad-permissions', severity: 'error', message: 'launchd refuses the plist: mode 0666, owner 501.', fix: 'Set the plist to mode 0644.' };
const configError: Problem = { code: 'config-error', severity: 'error', message: 'The gateway exits with 78.', fix: null, nextStep: "Read the gateway's error log." };

describe('the headline: one sentence that states health', () => {
  it('says it is checking until the first status arrives, with the progress indicator', () => {
    const fake = createFakeApi();
    fake.api.getStatus.mockReturnValue(new Promise(() => undefined));
    render(<App api={fake.api} info={INFO} />);
    expect(headline()).toHaveAttribute('data-state', 'loading');
    expect(title()).toBe('Checking…');
    expect(document.querySelector('.spinner')).toBeInTheDocument();
  });

  it.each([
    ['running, platforms connected', snapshotOf('running', { gateway: connected(['telegram', 'discord']) }), 'Gateway running', 'Telegram and Discord connected', 'ok'],
    ['stopped on purpose', snapshotOf('stopped'), 'Gateway stopped', '', 'idle'],
    ['crashed', snapshotOf('crashed', { lastExitCode: 78, lastExitMeaning: 'configuration error: restarting will not help', problems: [configError] }), 'Gateway crashed', 'Configuration error (exit 78)', 'error'],
    ['a problem under a running gateway', snapshotOf('running', { problems: [fixable] }), 'Gateway running', fixable.message, 'error'],
  ])('%s', async (_name, snapshot, wantedTitle, wantedDetail, tone) => {
    await renderApp(createFakeApi({ snapshot }));
    expect(title()).toBe(wantedTitle);
    expect(detail()).toBe(wantedDetail);
    expect(headline()).toHaveAttribute('data-tone', tone);
    expect(headline()).toHaveAttribute('role', 'status');
  });

  it('paths in the detail read ~/…', async () => {
    const missing: Problem = { code: 'plist-missing', severity: 'warning', message: 'There is no plist at /Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist.', fix: 'Write it.' };
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [missing] }) }));
    expect(detail()).toBe('There is no plist at ~/Library/LaunchAgents/ai.hermes.gateway.plist.');
  });

  it('shows the platforms only while a gateway runs: a stopped one’s are history', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { gateway: connected(['telegram']) }) });
    await renderApp(fake);
    expect(within(screen.getByRole('list', { name: 'Platforms' })).getByText('Telegram')).toBeInTheDocument();
    act(() => fake.pushStatus(snapshotOf('stopped', { gateway: { ...connected(['telegram'])!, state: 'stopped' } })));
    expect(screen.queryByRole('list', { name: 'Platforms' })).not.toBeInTheDocument();
  });

  it('gives the process’s facts in one line, only those known', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { pid: 4242, uptimeMs: 3_723_000, runs: 3 }) }));
    expect(facts()).toBe('pid 4242 · up 1 h 2 min · 2 restarts');
    cleanup();
    await renderApp(createFakeApi({ snapshot: snapshotOf('crashed', { lastSignal: 'SIGKILL', lastExitCode: null, runs: 1 }) }));
    expect(facts()).toBe('last exit SIGKILL');
  });
});

describe('one primary action per state', () => {
  it.each([
    ['running, healthy: none highlighted', snapshotOf('running'), ['Stop', 'Restart'], []],
    ['stopped: Start', snapshotOf('stopped'), ['Start'], ['Start']],
    ['crashed with a configuration error: Show Error Log, not Restart', snapshotOf('crashed', { problems: [configError] }), ['Stop', 'Restart', 'Show Error Log'], ['Show Error Log']],
    ['a problem Repair fixes: Repair', snapshotOf('running', { problems: [fixable] }), ['Stop', 'Restart', 'Repair'], ['Repair']],
    ['starting: Stop only', snapshotOf('starting'), ['Stop'], []],
    ['stopping: nothing to press', snapshotOf('stopping'), [], []],
  ])('%s', async (_name, snapshot, buttons, primary) => {
    await renderApp(createFakeApi({ snapshot }));
    expect(actionButtons().map((b) => b.textContent)).toEqual(buttons);
    expect(primaries()).toEqual(primary);
  });

  it('Show Error Log opens the log on the errors', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('crashed', { problems: [configError] }) });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Show Error Log' }));
    expect(screen.getByRole('heading', { name: 'Gateway log' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Errors' })).toBeChecked();
    expect(fake.api.tailLog).toHaveBeenCalledWith(null, 'stderr', 200);
  });
});

describe('an operation in flight', () => {
  it('calls run once; the headline says what runs, the buttons keep their place and size, all disabled', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    const pending = deferred<OperationResponse>();
    fake.api.run.mockReturnValue(pending.promise);
    const { user } = await renderApp(fake);
    const before = actionButtons().map((b) => b.textContent);
    await user.click(screen.getByRole('button', { name: 'Restart' }));
    await user.click(screen.getByRole('button', { name: 'Restart' }));
    expect(fake.api.run).toHaveBeenCalledTimes(1);
    expect(fake.api.run).toHaveBeenCalledWith('restart', null);
    expect(title()).toBe('Restarting…');
    expect(document.querySelector('.headline .spinner')).toBeInTheDocument();
    // The state moves on under the operation (starting): the buttons stay as they were.
    act(() => fake.pushStatus(snapshotOf('starting', {}, { busy: 'restart' })));
    expect(actionButtons().map((b) => b.textContent)).toEqual(before);
    for (const button of actionButtons()) expect(button).toBeDisabled();

    await act(async () => pending.resolve({ operation: 'restart', ok: true, message: 'The gateway restarted (pid 4242 → 4243)', actions: [], status: snapshotOf('running').status as GatewayStatus }));
    act(() => fake.pushStatus(snapshotOf('running')));
    expect(title()).toBe('Gateway running');
    expect(detail()).toBe('The gateway restarted (pid 4242 → 4243)');
    for (const button of actionButtons()) expect(button).toBeEnabled();
  });

  it('follows operation progress pushed for this gateway, not for another one', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    await renderApp(fake);
    act(() => fake.pushOperation({ profile: 'work', operation: 'stop', phase: 'started' }));
    expect(title()).toBe('Gateway running');
    act(() => fake.pushOperation({ profile: null, operation: 'stop', phase: 'started' }));
    expect(title()).toBe('Stopping…');
    act(() => fake.pushOperation({ profile: null, operation: 'stop', phase: 'finished' }));
    expect(title()).toBe('Gateway running');
  });

  it('gives keyboard focus back when the operation ends, to the primary button if the clicked one is gone', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    const pending = deferred<OperationResponse>();
    fake.api.run.mockReturnValue(pending.promise);
    const { user } = await renderApp(fake);
    screen.getByRole('button', { name: 'Stop' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled());
    // The new status is pushed as the operation answers.
    act(() => fake.pushStatus(snapshotOf('stopped')));
    await act(async () => pending.resolve({ operation: 'stop', ok: true, message: 'The gateway stopped', actions: [], status: snapshotOf('stopped').status as GatewayStatus }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start' })).toHaveFocus());
  });

  it('says nothing of a finished operation over a warning: the truth comes first', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Restart' }));
    act(() => fake.pushStatus(snapshotOf('running', { problems: [fixable] })));
    expect(detail()).toBe(fixable.message);
  });
});
