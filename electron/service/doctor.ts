/** What `doctor` reports on every backend: the status, and Repair's plan in order. */
import type { DoctorReport, GatewayStatus, PlistChange } from './types.js';

/** `definition`: what the service file is, when it is Hermes's own (Repair leaves it as it is). */
export function doctorReport(status: GatewayStatus, plistChanges: PlistChange[], definition: string | null): DoctorReport {
  const fixable = status.problems.filter((p) => p.fix !== null);
  const repairPlan = fixable.map((p) => p.fix as string);
  if (repairPlan.length > 0) repairPlan.push('Verify that exactly one gateway runs.');
  return { status, definition, plistChanges, repairPlan, needsRepair: fixable.length > 0 };
}
