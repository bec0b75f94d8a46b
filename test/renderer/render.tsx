/** Renders the popover against a fake api and waits for its first answers. */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { expect } from 'vitest';
import { App } from '../../renderer/src/App.js';
import type { FakeHermesBar } from './fake-api.js';

/** What the main process puts in the page's URL: a Mac, Ada's home. */
export const INFO = { version: '1.2.3', userHome: '/Users/ada', os: 'darwin' } as const;

export async function renderApp(fake: FakeHermesBar): Promise<{ user: UserEvent; unmount(): void }> {
  const user = userEvent.setup();
  const { unmount } = render(<App api={fake.api} info={INFO} />);
  await waitFor(() => expect(headline()).toHaveAttribute('data-state', expect.not.stringMatching(/^loading$/)));
  await waitFor(() => expect(fake.api.getPreferences).toHaveBeenCalled());
  return { user, unmount };
}

/** The headline: title and detail, announced as a status. */
export function headline(): HTMLElement {
  return screen.getByTestId('headline');
}

export function title(): string {
  return headline().querySelector('.headline-title')?.textContent ?? '';
}

export function detail(): string {
  return headline().querySelector('.headline-detail')?.textContent ?? '';
}

/** The action buttons under the headline (none when the state asks for none). */
export function actionButtons(): HTMLElement[] {
  const group = screen.queryByRole('group', { name: 'Actions' });
  return group ? within(group).getAllByRole('button') : [];
}

/** The highlighted buttons, wherever they are (the first-run card's included). */
export function primaries(): string[] {
  // A copy button holds its other words hidden beside its label.
  return [...document.querySelectorAll('button.primary')].map((b) => b.querySelector(':scope > span:not([aria-hidden="true"])')?.textContent ?? b.textContent ?? '');
}

/** The facts line of the Details section. */
export function facts(): string {
  return screen.queryByTestId('facts')?.textContent ?? '';
}
