/**
 * When the app offers a repair by itself (after an upgrade of the app or of Hermes, and on wake),
 * and what the dialog says. Pure: the Electron dialog and the settings file live elsewhere.
 */
import type { DoctorReport, PlistChange } from '../service/types.js';

/** What happened: the app started, the Mac woke up, or a periodic look at Hermes's launcher. */
export type RepairTrigger = 'launch' | 'wake' | 'launcher-check';
export type RepairReason = 'app-upgraded' | 'hermes-upgraded' | 'wake';

/** What the app remembers between runs (in its settings file). */
export interface RepairMemory {
  /** The app's version at the last run; null before the first. */
  lastVersion: string | null;
  /** The real path of Hermes's launcher at the last look; null when it did not exist. */
  launcherTarget: string | null;
  /** The `dismissKey` for which the user chose "Don't ask again for this version". */
  repairDismissedFor: string | null;
}

export interface Current {
  version: string;
  launcherTarget: string | null;
}

/** Why to run doctor now, or null when nothing changed since the last look. */
export function repairCheckReason(trigger: RepairTrigger, memory: RepairMemory, current: Current): RepairReason | null {
  if (trigger === 'wake') return 'wake';
  if (trigger === 'launch' && memory.lastVersion !== current.version) return 'app-upgraded';
  if (memory.launcherTarget !== current.launcherTarget) return 'hermes-upgraded';
  return null;
}

/** "This version" is the pair the user looked at: this app and this Hermes install. */
export function dismissKey(current: Current): string {
  return `${current.version}|${current.launcherTarget ?? ''}`;
}

export interface DialogContext {
  memory: RepairMemory;
  current: Current;
  /** An operation of ours is running on the gateway: its result will tell. */
  busy: boolean;
}

export function shouldShowRepairDialog(report: DoctorReport, context: DialogContext): boolean {
  if (!report.needsRepair || context.busy) return false;
  // Never set up: nothing an upgrade could have broken; the popover offers Start.
  if (report.status.state === 'not-installed') return false;
  return context.memory.repairDismissedFor !== dismissKey(context.current);
}

function changeLine(change: PlistChange): string {
  return `${change.field}: ${change.current ?? '(none)'} → ${change.wanted}`;
}

/** The dialog's text: every problem Repair would fix and every plist field it would change. */
export function repairDialogText(report: DoctorReport): { message: string; detail: string } {
  const problems = report.status.problems.map((p) => `• ${p.message}`);
  const sections = [problems.join('\n')];
  if (report.definition) sections.push(report.definition);
  if (report.plistChanges.length > 0) sections.push(['Repair would write the plist:', ...report.plistChanges.map(changeLine)].join('\n'));
  return { message: 'The Hermes gateway needs a repair', detail: sections.filter((s) => s.length > 0).join('\n\n') };
}
