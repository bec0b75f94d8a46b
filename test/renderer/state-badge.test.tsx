// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.js';
import type { GatewayState } from '../../electron/ipc-contract.js';
import { createFakeApi } from './fake-api.js';
import { snapshotOf } from './fixtures.js';
import { badge, fact, renderApp } from './render.js';

afterEach(cleanup);

const WORDS: Record<GatewayState, string> = {
  'not-installed': 'Not installed',
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  crashed: 'Crashed',
  unknown: 'Unknown',
};

describe('state badge', () => {
  it.each(Object.entries(WORDS) as [GatewayState, string][])('shows %s as "%s"', async (state, words) => {
    await renderApp(createFakeApi({ snapshot: snapshotOf(state) }));
    expect(badge()).toHaveTextContent(new RegExp(`^${words}$`));
    expect(badge()).toHaveAttribute('data-state', state);
    expect(badge()).toHaveClass(`badge-${state}`);
  });

  it('says it is checking until the first status arrives', () => {
    const fake = createFakeApi();
    fake.api.getStatus.mockReturnValue(new Promise(() => undefined));
    render(<App api={fake.api} />);
    expect(badge()).toHaveTextContent('Checking…');
    expect(badge()).toHaveAttribute('data-state', 'loading');
  });

  it('shows Unknown when the status could not be read', async () => {
    await renderApp(createFakeApi({ snapshot: { ...snapshotOf('running'), status: null, error: { code: 'internal', message: 'boom', explanation: 'x', nextStep: 'y' } } }));
    expect(badge()).toHaveTextContent('Unknown');
    expect(fact('PID')).toBe('—');
  });
});

describe('facts', () => {
  it('shows pid, uptime, restarts and the gateway’s own view', async () => {
    await renderApp(
      createFakeApi({
        snapshot: snapshotOf('running', {
          pid: 777,
          uptimeMs: 3_723_000,
          runs: 3,
          gateway: { state: 'running', exitReason: null, activeAgents: 2, updatedAt: Date.now(), stale: false, platforms: [], writer: null },
        }),
      }),
    );
    expect(fact('PID')).toBe('777');
    expect(fact('Uptime')).toBe('1 h 2 min');
    expect(fact('Restarts')).toBe('2');
    expect(fact('Last exit')).toBe('—');
    expect(fact('Gateway')).toBe('Running, 2 active agents');
  });

  it('shows the last exit with its meaning, and a dash for what is unknown', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('crashed', { lastExitCode: 78, lastExitMeaning: 'configuration error (for example a bot token already in use): restarting will not help', runs: null }) }));
    expect(fact('PID')).toBe('—');
    expect(fact('Uptime')).toBe('—');
    expect(fact('Last exit')).toBe('78 — configuration error (for example a bot token already in use): restarting will not help');
    expect(fact('Restarts')).toBe('—');
    expect(fact('Gateway')).toBe('—');
  });

  it('names the signal when the gateway was killed', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('crashed', { lastExitCode: null, lastSignal: 'SIGKILL', lastExitMeaning: 'killed by a signal (SIGKILL)' }) }));
    expect(fact('Last exit')).toBe('SIGKILL — killed by a signal (SIGKILL)');
  });

  it('lists one row per platform with its state', async () => {
    await renderApp(
      createFakeApi({
        snapshot: snapshotOf('running', {
          gateway: {
            state: 'running',
            exitReason: null,
            writer: null,
            activeAgents: null,
            updatedAt: null,
            stale: true,
            platforms: [
              { name: 'telegram', state: 'connected', errorCode: null, errorMessage: null },
              { name: 'discord', state: 'fatal', errorCode: 'auth', errorMessage: 'Invalid bot token' },
            ],
          },
        }),
      }),
    );
    const rows = screen.getAllByRole('listitem').filter((li) => li.closest('[aria-label="Platforms"]'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('telegram');
    expect(rows[0]).toHaveTextContent('Connected');
    expect(rows[1]).toHaveTextContent('discord');
    expect(rows[1]).toHaveTextContent('Failed');
    expect(rows[1]).toHaveTextContent('Invalid bot token');
    expect(fact('Gateway')).toBe('Running (not updated recently)');
  });

  it('has no platforms list when the gateway reports none', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('stopped') }));
    expect(screen.queryByRole('list', { name: 'Platforms' })).not.toBeInTheDocument();
  });
});
