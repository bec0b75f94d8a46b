// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api.js';
import { homeMissing, launchctlFailed, snapshotOf } from './fixtures.js';
import { detail, renderApp } from './render.js';

const action = (name: string) => screen.getByRole('button', { name });

afterEach(cleanup);

describe('error banner', () => {
  it('shows a failed operation with its explanation and next step, copies the details, and dismisses', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    fake.api.run.mockResolvedValue({ operation: 'restart', ok: false, error: launchctlFailed });
    const { user } = await renderApp(fake);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(action('Restart'));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveAccessibleName('Couldn’t restart the gateway');
    expect(banner).toHaveTextContent(launchctlFailed.message);
    expect(banner).toHaveTextContent(launchctlFailed.explanation);
    // The next step names the button to press, not a command; code reads as code, not backticks.
    expect(banner).toHaveTextContent('Click Repair, or click Repair.');
    expect(banner.textContent).not.toContain('`');
    // It comes into view and takes the focus.
    expect(banner).toHaveFocus();

    await user.click(within(banner).getByRole('button', { name: 'Copy Details' }));
    expect(fake.api.copyText).toHaveBeenCalledTimes(1);
    const text = fake.api.copyText.mock.calls[0]?.[0] ?? '';
    expect(text).toContain('Code: launchctl-failed');
    expect(text).toContain(launchctlFailed.explanation);
    expect(text).toContain('Command: launchctl bootstrap gui/501 /Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist');
    expect(text).toContain('Exit code: 5');
    expect(text).toContain('Bootstrap failed: 5: Input/output error');
    expect(await within(banner).findByRole('button', { name: 'Copied ✓' })).toBeInTheDocument();

    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows why the status could not be read, until dismissed or a different error arrives', async () => {
    // A profile whose home is gone (the default home missing is the first-run panel instead).
    const fake = createFakeApi({ snapshot: { ...snapshotOf('unknown'), profile: 'work', status: null, error: homeMissing } });
    const { user } = await renderApp(fake);
    const banner = screen.getByRole('alert');
    expect(banner).toHaveAccessibleName('Couldn’t read the gateway’s status');
    expect(banner).toHaveTextContent(homeMissing.explanation);
    expect(banner).toHaveTextContent('Run hermes setup in a terminal.');
    expect(within(banner).getByText('hermes setup').tagName).toBe('CODE');

    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // The same error pushed again stays dismissed; a new one shows.
    act(() => fake.pushStatus({ ...snapshotOf('unknown'), profile: 'work', status: null, error: { ...homeMissing } }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    act(() => fake.pushStatus({ ...snapshotOf('unknown'), profile: 'work', status: null, error: launchctlFailed }));
    expect(screen.getByRole('alert')).toHaveTextContent(launchctlFailed.message);
  });

  it('describes a call that threw instead of answering', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    fake.api.run.mockRejectedValue(new Error('IPC channel closed'));
    const { user } = await renderApp(fake);
    await user.click(action('Stop'));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveAccessibleName('Couldn’t stop the gateway');
    expect(banner).toHaveTextContent('IPC channel closed');
    expect(action('Stop')).toBeEnabled();
  });

  it('offers the button its next step names, even one the state does not show; its success clears the banner', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    fake.api.run.mockResolvedValueOnce({ operation: 'restart', ok: false, error: launchctlFailed });
    const { user } = await renderApp(fake);
    expect(screen.queryByRole('button', { name: 'Repair' })).not.toBeInTheDocument();
    await user.click(action('Restart'));
    const banner = await screen.findByRole('alert');
    await user.click(within(banner).getByRole('button', { name: 'Repair' }));
    expect(fake.api.run).toHaveBeenLastCalledWith('repair', null);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(detail()).toBe('Done: repair');
  });
});
