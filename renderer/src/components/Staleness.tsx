import { checkedAgo } from '../format.js';

/** Data older than this is said to be old: the main process normally pushes within seconds. */
export const STALE_AFTER_MS = 10_000;

export function Staleness({ checkedAt, now }: { checkedAt: number; now: number }) {
  const age = now - checkedAt;
  if (age <= STALE_AFTER_MS) return null;
  return (
    <span className="staleness" data-testid="staleness">
      {checkedAgo(age)}
    </span>
  );
}
