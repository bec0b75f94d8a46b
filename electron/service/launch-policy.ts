/**
 * What the app does when it starts (at login or after an upgrade), DESIGN.md rule 6: it first
 * only looks. It never boots out or restarts a job launchd is starting by itself; if the gateway is
 * stopped (its job not loaded) and the user asked to keep it running, it loads it, once.
 */
import type { Engine } from './engine.js';
import type { GatewayStatus, OperationResponse } from './types.js';
import { toErrorInfo } from './errors.js';

export type LaunchDecision = { action: 'observe'; reason: string } | { action: 'load'; reason: string };

export function decideAtLaunch(status: GatewayStatus, keepRunning: boolean): LaunchDecision {
  const codes = new Set(status.problems.map((p) => p.code));
  if (!keepRunning) return { action: 'observe', reason: 'keep-running is off' };
  if (status.state === 'not-installed') return { action: 'observe', reason: 'no gateway service is set up yet' };
  if (codes.has('duplicate-gateways') || codes.has('unsupervised-gateway')) {
    return { action: 'observe', reason: `a gateway already runs outside ${status.backend}` };
  }
  // A gateway stopped on purpose is `stopped` with no problem; a definition the service manager has not read is `not-loaded`.
  if (status.state !== 'stopped' && !codes.has('not-loaded')) return { action: 'observe', reason: `${status.backend} has the job (${status.state})` };
  return { action: 'load', reason: 'the gateway is not running and keep-running is on' };
}

/** Looks, and loads an unloaded job when asked to: at most one operation, never a restart. */
export async function observeAtLaunch(
  engine: Engine,
  profile: string | null,
  keepRunning: boolean,
): Promise<{ decision: LaunchDecision; status: GatewayStatus; result: OperationResponse | null }> {
  const status = await engine.status(profile);
  const decision = decideAtLaunch(status, keepRunning);
  if (decision.action === 'observe') return { decision, status, result: null };
  try {
    const result = await engine.run('start', profile);
    return { decision, status: result.status, result };
  } catch (error) {
    return { decision, status, result: { operation: 'start', ok: false, error: toErrorInfo(error) } };
  }
}
