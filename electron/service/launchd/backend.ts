/** The launchd backend: the operations of this folder behind the engine's Backend interface. */
import path from 'node:path';
import type { Backend } from '../backend.js';
import { bindOperations } from '../backend.js';
import { homesInServiceFiles } from '../discovery.js';
import { LABEL_PREFIX } from '../hermes/homes.js';
import { Launchctl } from './launchctl.js';
import type { LaunchctlCall } from './launchctl.js';
import { environment, readPlistFile } from './plist-file.js';
import type { Settings } from '../settings.js';
import type { Timing } from '../timing.js';
import type { LaunchdDeps } from './operations.js';
import { launchdDiagnosticSources } from './diagnostics.js';
import { doctor, list, repair, restart, start, status, stop, uninstall } from './operations.js';

/** The home an agent plist serves: its HERMES_HOME, else its working folder. */
async function homeOfPlist(file: string): Promise<string | null> {
  const plist = await readPlistFile(file);
  if (!plist.exists || !plist.parsed.ok) return null;
  const home = environment(plist.parsed.dict).HERMES_HOME ?? plist.parsed.dict.WorkingDirectory;
  return typeof home === 'string' && home ? path.resolve(home) : null;
}

export function launchdBackend(settings: Settings, timing: Timing, onLaunchctl?: (call: LaunchctlCall) => void): Backend {
  const deps: LaunchdDeps = { settings, timing, launchctl: new Launchctl(settings.launchctlPath, settings.env, onLaunchctl) };
  return {
    status: (target) => status(deps, target),
    list: (targets) => list(deps, targets),
    doctor: (target) => doctor(deps, target),
    operations: bindOperations(deps, { start, stop, restart, repair, uninstall }),
    diagnostics: launchdDiagnosticSources(deps),
    serviceHomes: () =>
      homesInServiceFiles(settings.agentsDir, (name) => name.startsWith(LABEL_PREFIX) && name.endsWith('.plist'), homeOfPlist),
  };
}
