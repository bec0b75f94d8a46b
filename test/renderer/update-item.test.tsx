// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '../../electron/ipc-contract.js';
import { createFakeApi, UP_TO_DATE } from './fake-api.js';
import { renderApp } from './render.js';

afterEach(cleanup);

const READY: UpdateState = { ...UP_TO_DATE, phase: 'ready', version: '0.2.0', percent: 100, canRestart: true };

async function openMenu(user: UserEvent): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'More' }));
  return screen.getByRole('menu');
}

/** Settings, where the update's line, its button and the automatic-checks switch are. */
async function updatesInSettings(user: UserEvent): Promise<HTMLElement> {
  await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Settings…' }));
  return screen.findByRole('region', { name: 'Updates' });
}

describe('the app’s update in the popover: the ⋯ menu and Settings', () => {
  it('is not on the main view: the ⋯ menu has it with the app’s own items', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    expect(screen.queryByRole('region', { name: 'Updates' })).not.toBeInTheDocument();
    const names = within(await openMenu(user))
      .getAllByRole('menuitem')
      .map((item) => item.textContent);
    expect(names.slice(names.indexOf('Copy Diagnostics') + 1, names.indexOf('Uninstall Gateway Service…'))).toEqual(['Check for Updates…', 'Install Command Line Tool…']);
  });

  it('Check for Updates… in the ⋯ menu checks and opens Settings, where the answer is said', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Check for Updates…' }));
    expect(fake.api.checkForUpdates).toHaveBeenCalledTimes(1);
    const section = await screen.findByRole('region', { name: 'Updates' });
    expect(within(section).getByRole('status')).toHaveTextContent('Hermes Bar is up to date (0.1.0)');
    await user.click(within(section).getByRole('button', { name: 'Check for Updates…' }));
    expect(fake.api.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('follows the pushes: downloading, then Restart to Update, disabled while an operation runs', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    const section = await updatesInSettings(user);
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

  it('the ⋯ menu offers Restart to Update once ready, worded as the tray menu, and says what is under way', async () => {
    const fake = createFakeApi({ update: READY });
    const { user } = await renderApp(fake);
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Restart to Update to 0.2.0' }));
    expect(fake.api.restartToUpdate).toHaveBeenCalledTimes(1);

    act(() => fake.pushUpdate({ ...UP_TO_DATE, phase: 'downloading', version: '0.2.0', percent: 40 }));
    expect(within(await openMenu(user)).getByRole('menuitem', { name: 'Downloading Hermes Bar 0.2.0… 40 %' })).toBeDisabled();
  });

  it('Install Command Line Tool… asks the main process (which asks and answers in native dialogs)', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Install Command Line Tool…' }));
    expect(fake.api.installCommandLineTool).toHaveBeenCalledTimes(1);
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
    const { user } = await renderApp(fake);
    const section = await updatesInSettings(user);
    expect(within(section).getByRole('status')).toHaveTextContent('was refused: its sha512 checksum does not match');
    expect(section).toHaveTextContent('nothing was installed');
  });

  it('turns automatic checks off in Settings and shows what the main process answered', async () => {
    const fake = createFakeApi();
    const { user } = await renderApp(fake);
    await updatesInSettings(user);
    const toggle = screen.getByRole('switch', { name: 'Check for updates automatically' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(fake.api.setAutoCheckUpdates).toHaveBeenCalledWith(false);
    expect(screen.getByRole('switch', { name: 'Check for updates automatically' })).not.toBeChecked();
  });
});
