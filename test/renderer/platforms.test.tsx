// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Platforms } from '../../renderer/src/components/Platforms.js';

afterEach(cleanup);

const platforms = [
  { name: 'telegram', state: 'connected' as const, errorCode: null, errorMessage: null },
  { name: 'discord', state: 'fatal' as const, errorCode: 'auth', errorMessage: 'bad token' },
];

describe('platforms', () => {
  it('one row per platform with its state and error', () => {
    render(<Platforms platforms={platforms} stale={false} />);
    const rows = within(screen.getByRole('list', { name: 'Platforms' })).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['connected', 'fatal']);
    expect(rows[1]).toHaveTextContent('bad token');
    expect(screen.getByRole('heading')).toHaveTextContent(/^Platforms$/);
  });

  it('a stale report is labelled as the last known state', () => {
    render(<Platforms platforms={platforms} stale />);
    expect(screen.getByRole('heading')).toHaveTextContent('Platforms (last known)');
  });
});
