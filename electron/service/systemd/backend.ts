/** The systemd backend: the operations of this folder behind the engine's Backend interface. */
import type { Backend } from '../backend.js';
import { bindOperations } from '../backend.js';
import { homesInServiceFiles } from '../discovery.js';
import { isValidUnitName } from '../hermes/homes.js';
import type { Settings } from '../settings.js';
import { Systemctl } from './systemctl.js';
import type { SystemctlCall } from './systemctl.js';
import type { Timing } from '../timing.js';
import { readUnitFile } from './unit-file.js';
import { specifiers } from './specifiers.js';
import type { SystemdDeps } from './operations.js';
import { systemdDiagnosticSources } from './diagnostics.js';
import { doctor, repair, restart, start, status, stop, uninstall } from './operations.js';

export function systemdBackend(settings: Settings, timing: Timing, onSystemctl?: (call: SystemctlCall) => void): Backend {
  const deps: SystemdDeps = { settings, timing, systemctl: new Systemctl(settings.systemctlPath, settings.env, onSystemctl) };
  /** The home a gateway unit serves: its HERMES_HOME, else its working folder. */
  const homeOfUnit = async (file: string): Promise<string | null> => {
    const unit = await readUnitFile(file, specifiers(settings));
    if (!unit.exists || !unit.parsed.ok) return null;
    return unit.parsed.unit.environment.HERMES_HOME ?? unit.parsed.unit.workingDirectory;
  };
  return {
    status: (target) => status(deps, target),
    list: (targets) => Promise.all(targets.map((target) => status(deps, target))),
    doctor: (target) => doctor(deps, target),
    operations: bindOperations(deps, { start, stop, restart, repair, uninstall }),
    diagnostics: systemdDiagnosticSources(deps),
    serviceHomes: () => homesInServiceFiles(settings.unitsDir, isValidUnitName, homeOfUnit),
  };
}
