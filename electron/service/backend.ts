/**
 * A service manager the engine runs the gateway under (launchd on macOS, systemd on Linux). Each
 * follows the same rules (DESIGN.md); the engine resolves the target and serializes, the backend
 * looks and acts.
 */
import type { DiagnosticSources } from './gather-diagnostics.js';
import type { GatewayTarget } from './target.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult } from './types.js';

export type OperationRunner = (target: GatewayTarget) => Promise<OperationResult>;

/** A backend's operations as its modules write them: each takes the backend's dependencies first. */
export type OperationsWith<Deps> = Record<Operation, (deps: Deps, target: GatewayTarget) => Promise<OperationResult>>;

export function bindOperations<Deps>(deps: Deps, operations: OperationsWith<Deps>): Record<Operation, OperationRunner> {
  const bound = {} as Record<Operation, OperationRunner>;
  for (const name of Object.keys(operations) as Operation[]) bound[name] = (target) => operations[name](deps, target);
  return bound;
}

export interface Backend {
  status(target: GatewayTarget): Promise<GatewayStatus>;
  /**
   * The status of every target, for `list`, in that order: a backend that can ask its supervisor
   * about all of them at once does (launchd: one `launchctl list`); another looks at each.
   */
  list(targets: GatewayTarget[]): Promise<GatewayStatus[]>;
  doctor(target: GatewayTarget): Promise<DoctorReport>;
  /** One entry per operation: a new operation is one more entry in each backend. */
  readonly operations: Readonly<Record<Operation, OperationRunner>>;
  /** Homes named by this backend's service files (for `list`: homes outside ~/.hermes). */
  serviceHomes(): Promise<string[]>;
  /** What this backend adds to the diagnostics report. */
  readonly diagnostics: DiagnosticSources;
}
