// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Platforms } from '../../renderer/src/components/Platforms.js';

afterEach(cleanup);

const platforms = [
  { name: 'telegram', state: 'connected' as const, errorCode: null, errorMessage: null },
  { name: 'whatsapp', state: 'fatal' as const, errorCode: 'auth', errorMessage: 'bad token' },
];

describe('platforms', () => {
  it('one row per platform, its name as people write it, its state in words and its error', () => {
    render(<Platforms platforms={platforms} />);
    const rows = within(screen.getByRole('list', { name: 'Platforms' })).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['connected', 'fatal']);
    expect(rows[0]).toHaveTextContent('TelegramConnected');
    expect(rows[1]).toHaveTextContent('WhatsAppDisconnectedbad token');
    expect(screen.getByRole('heading')).toHaveTextContent(/^Messaging platforms$/);
  });

  it('renders nothing when the gateway reports no platform', () => {
    const { container } = render(<Platforms platforms={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
