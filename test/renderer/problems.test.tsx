// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api.js';
import { noGuiSession, plistMissing, snapshotOf } from './fixtures.js';
import { action, renderApp } from './render.js';

afterEach(cleanup);

describe('problems list', () => {
  it('shows each problem with what Repair will do, or the next step when Repair cannot fix it', async () => {
    // The plist deleted under a loaded job: the job runs on, the file is gone.
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [plistMissing, noGuiSession] }) }));
    const items = within(screen.getByRole('list', { name: 'Problems' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);

    expect(items[0]).toHaveAttribute('data-code', 'plist-missing');
    expect(items[0]).toHaveTextContent('The agent plist is missing.');
    expect(items[0]).toHaveTextContent('Repair will: Write the plist and load the job.');

    expect(items[1]).toHaveAttribute('data-code', 'no-gui-session');
    expect(items[1]).toHaveTextContent(noGuiSession.message);
    expect(items[1]).not.toHaveTextContent('Repair will');
    expect(items[1]).toHaveTextContent('Log in to the Mac’s desktop once.');
  });

  it('renders nothing when there are no problems', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running') }));
    expect(screen.queryByRole('list', { name: 'Problems' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Repair will/)).not.toBeInTheDocument();
  });

  it('emphasises Repair only when a problem has a fix', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [plistMissing] }) }));
    expect(action('Repair')).toHaveClass('action-emphasis');
    cleanup();
    await renderApp(createFakeApi({ snapshot: snapshotOf('running', { problems: [noGuiSession] }) }));
    expect(action('Repair')).not.toHaveClass('action-emphasis');
    expect(action('Repair')).toBeEnabled();
  });
});
