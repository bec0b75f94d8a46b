// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '../../electron/ipc-contract.js';
import { createFakeApi, UP_TO_DATE } from './fake-api.js';
import { renderApp } from './render.js';

afterEach(cleanup);

const READY: UpdateState = { ...UP_TO_DATE, phase: 'ready', version: '0.2.0', percent: 100, canRestart: true };

async function updates(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Updates' });
}

describe('the popover’s update item', () => {
  it('says the app is up to date and checks on request', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    const section = await updates();
    expect(within(section).getByRole('status')).toHaveTextContent('Hermes Bar is up to date (0.1.0)');
    await user.click(within(section).getByRole('button', { name: 'Check for Updates…' }));
    expect(fake.api.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('follows the pushes: downloading, then Restart to Update, disabled while an operation runs', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    const section = await updates();
    act(() => fake.pushUpdate({ ...UP_TO_DATE, phase: 'downloading', version: '0.2.0', percent: 40 }));
    expect(within(section).getByRole('status')).toHaveTextContent('Downloading Hermes Bar 0.2.0… 40 %');
    expect(within(section).getByRole('button', { name: 'Check for Updates…' })).toBeDisabled();

    act(() => fake.pushUpdate({ ...READY, canRestart: false }));
    expect(within(section).getByRole('status')).toHaveTextContent('Hermes Bar 0.2.0 is ready: it installs after the running operation');
    expect(within(section).getByRole('button', { name: 'Restart to Update' })).toBeDisabled();

    act(() => fake.pushUpdate(READY));
    await user.click(within(section).getByRole('button', { name: 'Restart to Update' }));
    expect(fake.api.restartToUpdate).toHaveBeenCalledTimes(1);
  });

  it('shows a refused download with its explanation', async () => {
    const fake = createFakeApi({
      update: {
        ...UP_TO_DATE,
        phase: 'error',
        version: '0.2.0',
        error: { code: 'update-checksum-mismatch', message: "The download of Hermes Bar 0.2.0 was refused: its sha512 checksum does not match the update feed's", explanation: 'It was deleted and nothing was installed.', nextStep: '' },
      },
    });
    await renderApp(fake);
    const section = await updates();
    expect(within(section).getByRole('status')).toHaveTextContent('was refused: its sha512 checksum does not match');
    expect(section).toHaveTextContent('nothing was installed');
  });

  it('turns automatic checks off and shows what the main process answered', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    const toggle = screen.getByRole('switch', { name: 'Check for updates automatically' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(fake.api.setAutoCheckUpdates).toHaveBeenCalledWith(false);
    expect(screen.getByRole('switch', { name: 'Check for updates automatically' })).not.toBeChecked();
  });
});
