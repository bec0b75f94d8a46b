/**
 * The repair dialog after upgrades: at launch when the app's version changed, on wake, and when
 * Hermes's launcher now resolves elsewhere. repair-policy decides; this runs doctor, asks, and on
 * "Repair" makes the one repair call (through the monitor) and shows its outcome.
 */
import { app, dialog } from 'electron';
import type { Engine } from '../service/engine.js';
import type { StatusMonitor } from '../service/monitor.js';
import type { DoctorReport, OperationResponse } from '../service/types.js';
import type { SettingsStore } from './app-settings.js';
import { launcherTarget } from './launcher-target.js';
import { dismissKey, repairCheckReason, repairDialogText, shouldShowRepairDialog } from './repair-policy.js';
import type { Current, RepairTrigger } from './repair-policy.js';

export const DONT_ASK_AGAIN = "Don't ask again for this version";
const REPAIR = 0;

export interface RepairPromptOptions {
  engine: Pick<Engine, 'doctor'>;
  monitor: Pick<StatusMonitor, 'run' | 'snapshot'>;
  settings: SettingsStore;
  version: string;
  /** The launcher's stable path (launcher-target.ts). */
  launcher: string;
}

export type CheckOutcome = 'no-reason' | 'busy' | 'doctor-failed' | 'nothing-to-ask' | 'later' | 'repaired' | 'repair-failed';

export class RepairPrompt {
  private running: Promise<CheckOutcome> | null = null;

  constructor(private readonly options: RepairPromptOptions) {}

  /** One check at a time: a wake during the launch check joins it rather than asking twice. */
  check(trigger: RepairTrigger): Promise<CheckOutcome> {
    this.running ??= this.checkOnce(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async checkOnce(trigger: RepairTrigger): Promise<CheckOutcome> {
    const { settings, version, monitor } = this.options;
    const current: Current = { version, launcherTarget: await launcherTarget(this.options.launcher) };
    const memory = settings.get();
    const reason = repairCheckReason(trigger, memory, current);
    if (memory.lastVersion !== current.version || memory.launcherTarget !== current.launcherTarget) {
      settings.update({ lastVersion: current.version, launcherTarget: current.launcherTarget });
    }
    if (reason === null) return 'no-reason';
    if (monitor.snapshot.busy) return 'busy';
    const profile = monitor.snapshot.profile;
    let report: DoctorReport;
    try {
      report = await this.options.engine.doctor(profile);
    } catch (error) {
      console.error('hermes-bar: doctor failed during the repair check:', error);
      return 'doctor-failed';
    }
    const context = { memory: settings.get(), current, busy: monitor.snapshot.busy !== null };
    if (!shouldShowRepairDialog(report, context)) return 'nothing-to-ask';

    const { message, detail } = repairDialogText(report);
    if (process.platform === 'darwin') app.focus({ steal: true }); // a Dock-less app's dialog would open behind the front app
    const answer = await dialog.showMessageBox({
      type: 'warning',
      title: 'Hermes Bar',
      message,
      detail,
      buttons: ['Repair', 'Later'],
      defaultId: REPAIR,
      cancelId: 1,
      checkboxLabel: DONT_ASK_AGAIN,
      checkboxChecked: false,
      noLink: true,
    });
    if (answer.checkboxChecked) settings.update({ repairDismissedFor: dismissKey(current) });
    if (answer.response !== REPAIR) return 'later';

    const result = await monitor.run('repair', profile);
    await showOutcome(result);
    return result.ok ? 'repaired' : 'repair-failed';
  }
}

async function showOutcome(result: OperationResponse): Promise<void> {
  if (result.ok) {
    await dialog.showMessageBox({ type: 'info', title: 'Hermes Bar', message: result.message, detail: result.actions.join('\n'), buttons: ['OK'] });
    return;
  }
  const { error } = result;
  await dialog.showMessageBox({
    type: 'error',
    title: 'Hermes Bar',
    message: `Repair failed: ${error.message}`,
    detail: `${error.explanation}\n\n${error.nextStep}`,
    buttons: ['OK'],
  });
}
