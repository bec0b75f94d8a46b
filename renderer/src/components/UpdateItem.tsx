import { updateAction, updateLine } from '../../../electron/update-words.js';
import type { UpdateControls } from '../hooks/useUpdate.js';
import type { UpdateState } from '../types.js';
import type { MenuItem } from './MoreMenu.js';
import { Switch } from './Switch.js';

/** The ⋯ menu's update item, worded as the tray menu's: a check, the restart, or what is under way (disabled). */
export function updateMenuItem(state: UpdateState, run: { check(): void; restart(): void }): MenuItem {
  const { label, action } = updateAction(state);
  return { id: 'update', label, disabled: action === null, onSelect: () => (action === 'restart' ? run.restart() : run.check()) };
}

/**
 * The app's own update, in Settings: where it stands, "Check for Updates…" or "Restart to Update"
 * (never while an operation runs; the gateway keeps running through it), and the automatic-checks
 * switch. The ⋯ menu offers the same item (App.tsx).
 */
export function UpdateItem({ update, check, restart, setAutoCheck }: UpdateControls) {
  if (update === null) return null;
  const unsupported = update.phase === 'unsupported';
  const { action } = updateAction(update);
  const ready = update.phase === 'ready';
  return (
    <section className="section" aria-labelledby="update-title">
      <h2 id="update-title" className="section-title">
        Updates
      </h2>
      <ul className="card rows">
        <li className="row update">
          <div className="row-line">
            <div className="row-text">
              <p role="status">{updateLine(update)}</p>
              {update.error && <p className="secondary">{update.error.explanation}</p>}
            </div>
            {!unsupported && (
              <button type="button" disabled={action === null} onClick={ready ? restart : check}>
                {ready ? 'Restart to Update' : 'Check for Updates…'}
              </button>
            )}
          </div>
        </li>
        <Switch
          label="Check for updates automatically"
          checked={update.autoCheck}
          disabled={unsupported}
          description="At launch and every few hours; updating Hermes Bar never stops the gateway."
          onChange={setAutoCheck}
        />
      </ul>
    </section>
  );
}
