// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api.js';
import { noGuiSession, plistMissing, snapshotOf, type Problem } from './fixtures.js';
import { primaries, renderApp } from './render.js';

afterEach(cleanup);

describe('problems list', () => {
  it('shows each problem with what Repair will do, or the next step (naming a button) when Repair cannot fix it', async () => {
    const cli: Problem = { ...noGuiSession, code: 'linger-off', nextStep: 'Run `loginctl enable-linger ada`, then run `hermes-bar restart`.' };
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [plistMissing, noGuiSession, cli] }) }));
    expect(screen.getByRole('heading', { name: 'Problems' })).toBeInTheDocument();
    const items = within(screen.getByRole('list', { name: 'Problems' })).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    expect(items[0]).toHaveAttribute('data-code', 'plist-missing');
    expect(items[0]).toHaveTextContent('The agent plist is missing.');
    expect(items[0]).toHaveTextContent('Repair will: Write the plist and load the job.');

    expect(items[1]).toHaveAttribute('data-code', 'no-gui-session');
    expect(items[1]).not.toHaveTextContent('Repair will');
    expect(items[1]).toHaveTextContent('Log in to the Mac’s desktop once.');

    expect(items[2]).toHaveTextContent('Run loginctl enable-linger ada, then click Restart.');
    expect(within(items[2] as HTMLElement).getByText('loginctl enable-linger ada').tagName).toBe('CODE');
  });

  it('renders nothing when there are no problems', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running') }));
    expect(screen.queryByRole('list', { name: 'Problems' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Repair will/)).not.toBeInTheDocument();
  });

  it('offers Repair, highlighted, only when a problem has a fix', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [plistMissing] }) }));
    expect(primaries()).toEqual(['Repair']);
    cleanup();
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [noGuiSession] }) }));
    expect(screen.queryByRole('button', { name: 'Repair' })).not.toBeInTheDocument();
    expect(primaries()).toEqual([]);
  });
});
