import { platformWords } from '../format.js';
import type { PlatformStatus } from '../types.js';

/**
 * One row per messaging platform from gateway_state.json; nothing when the gateway reports none.
 * A stale report (its gateway is gone or silent) is shown as the last known state, not as live.
 */
export function Platforms({ platforms, stale }: { platforms: PlatformStatus[]; stale: boolean }) {
  if (platforms.length === 0) return null;
  return (
    <section className={stale ? 'section platforms-stale' : 'section'}>
      <h2 className="section-title">{stale ? 'Platforms (last known)' : 'Platforms'}</h2>
      <ul className="platforms" aria-label="Platforms">
        {platforms.map((platform) => (
          <li key={platform.name} className={`platform platform-${platform.state}`} data-state={platform.state}>
            <span className="platform-name">{platform.name}</span>
            <span className="platform-state">{platformWords(platform.state)}</span>
            {platform.errorMessage && <span className="platform-error">{platform.errorMessage}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
