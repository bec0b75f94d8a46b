import { tildify } from '../format.js';

/**
 * A path on one line as people read it: `~/…` for the home folder, and when it does not fit,
 * shortened in its middle so the file or folder it names stays whole
 * (`~/Library/Lau…/ai.hermes.gateway.plist`); the whole path is in the tooltip.
 */
export function PathText({ path, userHome, className }: { path: string; userHome: string | null; className?: string }) {
  const shown = tildify(path, userHome);
  const cut = Math.max(0, shown.lastIndexOf('/', shown.length - 2));
  return (
    <span className={`path-text${className ? ` ${className}` : ''}`} title={path}>
      <span className="path-head">{shown.slice(0, cut)}</span>
      <span className="path-tail">{shown.slice(cut)}</span>
    </span>
  );
}
