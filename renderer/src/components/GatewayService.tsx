import type { GatewayState, Operation } from '../types.js';

export interface GatewayServiceProps {
  state: GatewayState | null;
  /** The operation running now, if any (or awaiting the user's answer). */
  running: Operation | null;
  /** The main process reports the uninstall itself running (not the question before it). */
  uninstalling: boolean;
  onCopyDiagnostics(): void;
  /** Hermes Bar asks for confirmation (a dialog) before anything happens. */
  onUninstall(): void;
}

/** Less everyday actions: a diagnostics report for a bug report, and removing the gateway service. */
export function GatewayService({ state, running, uninstalling, onCopyDiagnostics, onUninstall }: GatewayServiceProps) {
  const installed = state !== null && state !== 'not-installed';
  return (
    <section className="section service" aria-labelledby="service-title">
      <h2 id="service-title" className="section-title">
        Gateway service
      </h2>
      <div className="service-buttons">
        <button type="button" onClick={onCopyDiagnostics}>
          Copy diagnostics
        </button>
        <button type="button" className="danger" disabled={!installed || running !== null} aria-busy={uninstalling || undefined} onClick={onUninstall}>
          {uninstalling ? 'Uninstalling…' : 'Uninstall gateway service…'}
        </button>
      </div>
      <p className="setting-description">Copy diagnostics puts a report for a bug report on the clipboard, with tokens and passwords removed.</p>
    </section>
  );
}
