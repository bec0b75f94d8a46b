/** Renders the popover against a fake api and waits for its first answers. */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { expect } from 'vitest';
import { App } from '../../renderer/src/App.js';
import type { FakeHermesBar } from './fake-api.js';

export async function renderApp(fake: FakeHermesBar): Promise<{ user: UserEvent; unmount(): void }> {
  const user = userEvent.setup();
  const { unmount } = render(<App api={fake.api} />);
  await waitFor(() => expect(badge()).not.toHaveTextContent('Checking…'));
  await screen.findByRole('switch', { name: 'Open at login' });
  return { user, unmount };
}

export function badge(): HTMLElement {
  return screen.getByRole('status', { name: 'Gateway state' });
}

/** The <dd> that follows the <dt> with this label. */
export function fact(label: string): string {
  const term = screen.getAllByRole('term').find((dt) => dt.textContent === label);
  if (!term) throw new Error(`no <dt> ${label}`);
  const value = term.nextElementSibling;
  if (value?.tagName !== 'DD') throw new Error(`<dt> ${label} is not followed by a <dd>`);
  return value.textContent ?? '';
}

export function actionButtons(): HTMLElement[] {
  return within(screen.getByRole('group', { name: 'Actions' })).getAllByRole('button');
}

const PROGRESS = { Start: 'Starting…', Stop: 'Stopping…', Restart: 'Restarting…', Repair: 'Repairing…' } as const;
export type ActionName = keyof typeof PROGRESS;

/** An action button by its resting name or its progress text ("Restart" / "Restarting…"). */
export function action(name: ActionName): HTMLElement {
  return screen.getByRole('button', { name: (accessible) => accessible === name || accessible === PROGRESS[name] });
}
