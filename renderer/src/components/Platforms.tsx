import { platformName } from '../../../electron/health.js';
import { platformWords } from '../format.js';
import type { PlatformStatus } from '../types.js';

/** One row per messaging platform the running gateway reports; nothing when it reports none. */
export function Platforms({ platforms }: { platforms: PlatformStatus[] }) {
  if (platforms.length === 0) return null;
  return (
    <section className="section" aria-labelledby="platforms-title">
      <h2 id="platforms-title" className="section-title">
        Messaging platforms
      </h2>
      <ul className="card rows" aria-label="Platforms">
        {platforms.map((platform) => (
          <li key={platform.name} className={`row platform platform-${platform.state}`} data-state={platform.state}>
            <div className="row-text">
              <div className="row-line">
                <span className="platform-name">{platformName(platform.name)}</span>
                <span className="platform-state">
                  <span className="dot" aria-hidden="true" />
                  {platformWords(platform.state)}
                </span>
              </div>
              {platform.errorMessage && <p className="platform-error">{platform.errorMessage}</p>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
