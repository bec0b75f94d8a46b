import type { Tone } from '../types.js';
import { Spinner } from './Spinner.js';

/**
 * The tone as a shape as well as a colour (never colour alone): a filled dot when healthy, a ring
 * when idle, a triangle when degraded, a disc with "!" when something needs the user, "i" for a
 * note, and the progress indicator while something happens.
 */
export function StatusSymbol({ tone }: { tone: Tone | 'info' }) {
  if (tone === 'busy') return <Spinner />;
  return (
    <svg className={`symbol symbol-${tone}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {tone === 'ok' && <circle cx="8" cy="8" r="5" className="symbol-fill" />}
      {tone === 'idle' && <circle cx="8" cy="8" r="4.5" className="symbol-ring" />}
      {tone === 'warning' && (
        <>
          <path d="M8 1.8 L14.6 13.6 H1.4 Z" className="symbol-fill" />
          <path d="M7.25 5.6 H8.75 L8.45 10 H7.55 Z M8 10.9 A0.85 0.85 0 1 1 7.99 10.9 Z" className="symbol-mark" />
        </>
      )}
      {tone === 'info' && (
        <>
          <circle cx="8" cy="8" r="6.6" className="symbol-fill" />
          <path d="M7.3 6.8 H8.7 V12 H7.3 Z M8 3.8 A0.9 0.9 0 1 1 7.99 3.8 Z" className="symbol-mark" />
        </>
      )}
      {tone === 'error' && (
        <>
          <circle cx="8" cy="8" r="6.6" className="symbol-fill" />
          <path d="M7.2 3.9 H8.8 L8.5 9 H7.5 Z M8 10.2 A0.95 0.95 0 1 1 7.99 10.2 Z" className="symbol-mark" />
        </>
      )}
    </svg>
  );
}
