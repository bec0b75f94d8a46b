import { duration, gatewayWords, lastExit, restarts } from '../format.js';
import type { GatewayStatus } from '../types.js';

const NONE = '—';

/** PID, uptime, last exit, restarts and the gateway's own state, as a description list. */
export function Facts({ status }: { status: GatewayStatus | null }) {
  const rows: [string, string][] = [
    ['PID', status?.pid != null ? String(status.pid) : NONE],
    ['Uptime', status?.uptimeMs != null ? duration(status.uptimeMs) : NONE],
    ['Last exit', (status && lastExit(status)) ?? NONE],
    ['Restarts', (status && restarts(status.runs)) ?? NONE],
    ['Gateway', status?.gateway ? gatewayWords(status.gateway) : NONE],
  ];
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div className="fact" key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
