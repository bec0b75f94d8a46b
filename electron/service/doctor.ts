/** What `doctor` reports on every backend: the status, and Repair's plan in order. */
import type { DoctorReport, GatewayStatus, PlistChange } from './types.js';

export function doctorReport(status: GatewayStatus, plistChanges: PlistChange[]): DoctorReport {
  const fixable = status.problems.filter((p) => p.fix !== null);
  const repairPlan = fixable.map((p) => p.fix as string);
  if (repairPlan.length > 0) repairPlan.push('Verify that exactly one gateway runs.');
  return { status, plistChanges, repairPlan, needsRepair: fixable.length > 0 };
}
