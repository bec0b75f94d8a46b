import { StatusSymbol } from './StatusSymbol.js';

/** macOS registered the login item but waits for the user to allow it: say where, with a button there. */
export function LoginApproval({ onOpenSettings }: { onOpenSettings(): void }) {
  return (
    <div className="card note-card" role="note" aria-label="Login item approval">
      <StatusSymbol tone="info" />
      <div className="row-text">
        <p>To open Hermes Bar at login, allow it in System Settings → General → Login Items.</p>
        <div className="buttons">
          <button type="button" onClick={onOpenSettings}>
            Open Login Items Settings
          </button>
        </div>
      </div>
    </div>
  );
}
