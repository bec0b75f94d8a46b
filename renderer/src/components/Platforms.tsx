import { platformWords } from '../format.js';
import type { PlatformStatus } from '../types.js';

/** One row per messaging platform from gateway_state.json; nothing when the gateway reports none. */
export function Platforms({ platforms }: { platforms: PlatformStatus[] }) {
  if (platforms.length === 0) return null;
  return (
    <section className="section">
      <h2 className="section-title">Platforms</h2>
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
