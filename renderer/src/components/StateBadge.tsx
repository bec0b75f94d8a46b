import { stateWords } from '../format.js';
import type { GatewayState } from '../types.js';

/** The gateway's state in words; null while the first status is on its way. */
export function StateBadge({ state }: { state: GatewayState | null }) {
  const key = state ?? 'loading';
  return (
    <span role="status" aria-label="Gateway state" className={`badge badge-${key}`} data-state={key}>
      {state === null ? 'Checking…' : stateWords(state)}
    </span>
  );
}
