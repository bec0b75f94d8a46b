import type { UpdateControls } from '../hooks/useUpdate.js';
import type { UpdateState } from '../types.js';
import { Switch } from './Switch.js';

/** One line on where the app's own update stands. */
export function updateWords(state: UpdateState): string {
  switch (state.phase) {
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `Hermes Bar is up to date (${state.currentVersion})`;
    case 'downloading':
      return `Downloading Hermes Bar ${state.version}…${state.percent ? ` ${state.percent} %` : ''}`;
    case 'ready':
      return state.canRestart ? `Hermes Bar ${state.version} is ready to install` : `Hermes Bar ${state.version} is ready: it installs after the running operation`;
    case 'error':
    case 'unsupported':
      return state.error?.message ?? 'Could not check for updates';
    default:
      return `Hermes Bar ${state.currentVersion}`;
  }
}

/**
 * The app's own update: where it stands, "Check for Updates…" or "Restart to Update" (never while
 * an operation runs; the gateway keeps running through it), and the automatic-checks switch.
 */
export function UpdateItem({ update, check, restart, setAutoCheck }: UpdateControls) {
  if (update === null) return null;
  const unsupported = update.phase === 'unsupported';
  return (
    <section className="section update" aria-labelledby="update-title">
      <h2 id="update-title" className="section-title">
        Updates
      </h2>
      <p className="update-line" role="status">
        {updateWords(update)}
      </p>
      {update.error && <p className="setting-description">{update.error.explanation}</p>}
      {update.phase === 'ready' ? (
        <button type="button" disabled={!update.canRestart} onClick={restart}>
          Restart to Update
        </button>
      ) : (
        !unsupported && (
          <button type="button" disabled={update.phase === 'checking' || update.phase === 'downloading'} onClick={check}>
            Check for Updates…
          </button>
        )
      )}
      <Switch
        label="Check for updates automatically"
        checked={update.autoCheck}
        disabled={unsupported}
        description="At launch and every few hours; updating Hermes Bar never stops the gateway."
        onChange={setAutoCheck}
      />
    </section>
  );
}
