import type { GatewayState, Operation } from '../types.js';

export interface GatewayServiceProps {
  state: GatewayState | null;
  /** The operation running now, if any. */
  running: Operation | null;
  onCopyDiagnostics(): void;
  /** Hermes Bar asks for confirmation (a dialog) before anything happens. */
  onUninstall(): void;
}

/** Less everyday actions: a diagnostics report for a bug report, and removing the gateway service. */
export function GatewayService({ state, running, onCopyDiagnostics, onUninstall }: GatewayServiceProps) {
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
        <button type="button" className="danger" disabled={!installed || running !== null} aria-busy={running === 'uninstall' || undefined} onClick={onUninstall}>
          {running === 'uninstall' ? 'Uninstalling…' : 'Uninstall gateway service…'}
        </button>
      </div>
      <p className="setting-description">Copy diagnostics puts a report for a bug report on the clipboard, with tokens and passwords removed.</p>
    </section>
  );
}
