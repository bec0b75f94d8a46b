import { checkedAgo, factsLine } from '../format.js';
import type { GatewayStatus, RevealTarget } from '../types.js';
import { PathText } from './PathText.js';

export interface DetailsProps {
  status: GatewayStatus;
  userHome: string | null;
  /** Milliseconds since the last look, once that is long enough to say. */
  staleMs: number | null;
  /** "Show in Finder" on macOS. */
  revealLabel: string;
  onReveal(target: RevealTarget): void;
  onShowLog(): void;
}

function FolderIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M1.5 3.5 H6 L7.5 5 H14.5 V13 H1.5 Z" className="icon-line" />
    </svg>
  );
}

/** A path as people read it (`~/…`, shortened in its middle), the whole of it in a tooltip, and a button to reveal it. */
function PathRow({ label, path, userHome, revealLabel, onReveal }: { label: string; path: string; userHome: string | null; revealLabel: string; onReveal(): void }) {
  return (
    <li className="row detail">
      <span className="detail-label">{label}</span>
      <PathText path={path} userHome={userHome} />
      <button type="button" className="icon-button" aria-label={`${revealLabel}: ${label}`} title={revealLabel} onClick={onReveal}>
        <FolderIcon />
      </button>
    </li>
  );
}

/** The process's facts in one compact line, where the gateway lives, and the way to its log. */
export function Details({ status, userHome, staleMs, revealLabel, onReveal, onShowLog }: DetailsProps) {
  const facts = factsLine(status);
  if (staleMs !== null) facts.push(checkedAgo(staleMs));
  return (
    <section className="section" aria-labelledby="details-title">
      <h2 id="details-title" className="section-title">
        Details
      </h2>
      <ul className="card rows" aria-label="Details">
        {facts.length > 0 && (
          <li className="row detail facts" data-testid="facts">
            {facts.join(' · ')}
          </li>
        )}
        <PathRow label="Home" path={status.home} userHome={userHome} revealLabel={revealLabel} onReveal={() => onReveal('home')} />
        <PathRow label={status.backend === 'systemd' ? 'Unit' : 'Plist'} path={status.plistPath} userHome={userHome} revealLabel={revealLabel} onReveal={() => onReveal('definition')} />
        <li className="row detail">
          <button type="button" className="row-button" onClick={onShowLog}>
            <span>Gateway log</span>
            <span className="chevron" aria-hidden="true">
              ›
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
