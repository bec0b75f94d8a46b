/** macOS registered the login item but waits for the user to allow it: say where, right at the top. */
export function LoginApproval({ onOpenSettings }: { onOpenSettings(): void }) {
  return (
    <div className="approval" role="note" aria-label="Login item approval">
      <p>macOS needs your approval to open Hermes Bar at login: allow Hermes Bar in System Settings → General → Login Items.</p>
      <button type="button" onClick={onOpenSettings}>
        Open Login Items Settings
      </button>
    </div>
  );
}
