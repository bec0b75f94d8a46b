/**
 * Looks at one gateway without changing anything: the plist on disk, launchd's record, the
 * gateway processes of its home and the gateway's own files.
 */
import type { AgentJob, Launcher } from '../hermes.js';
import { agentJob, findLauncher, launcherOfArguments } from '../hermes.js';
import type { HomeState } from '../home-state.js';
import { observeHome } from '../home-state.js';
import type { Domain, Launchctl } from '../launchctl.js';
import type { PlistFile } from '../plist-file.js';
import { programArguments, readPlistFile } from '../plist-file.js';
import type { JobRecord } from '../print-record.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';

export interface LoadedJob {
  domain: Domain;
  record: JobRecord;
}

export interface Observation extends HomeState {
  target: GatewayTarget;
  uid: number;
  /** Whether the login session's gui domain exists. */
  guiSession: boolean;
  /** The domain the job is loaded in, or would be loaded into. */
  domain: Domain;
  plist: PlistFile;
  /** The launcher this machine has now (HERMES.md's search), null when none was found. */
  launcher: Launcher | null;
  /** The plist Hermes would write now; null when no launcher can be found. */
  wanted: AgentJob | null;
  /** launchd's record in `domain`, null when not loaded. */
  job: LoadedJob | null;
  /** The same label loaded in the other domain too (thorough looks only). */
  otherJob: LoadedJob | null;
  /** A disabled override; null when not looked at. */
  disabled: boolean | null;
  checkedAt: number;
}

export interface ObserveOptions {
  /** Also look at the other domain and the disabled overrides (operations and doctor). */
  thorough: boolean;
}

/** The launcher named by an existing plist, so an old venv install is not "stale" for that alone. */
function launcherOfPlist(plist: PlistFile): Launcher | null {
  return plist.exists && plist.parsed.ok ? launcherOfArguments(programArguments(plist.parsed.dict)) : null;
}

async function locate(launchctl: Launchctl, uid: number, label: string): Promise<{ guiSession: boolean; job: LoadedJob | null }> {
  const gui: Domain = `gui/${uid}`;
  const inGui = await launchctl.print(`${gui}/${label}`);
  if (inGui.loaded) return { guiSession: true, job: { domain: gui, record: inGui.record } };
  if (inGui.reason === 'not-loaded') return { guiSession: true, job: null };
  const user: Domain = `user/${uid}`;
  const inUser = await launchctl.print(`${user}/${label}`);
  return { guiSession: false, job: inUser.loaded ? { domain: user, record: inUser.record } : null };
}

export async function observe(
  settings: Settings,
  launchctl: Launchctl,
  target: GatewayTarget,
  options: ObserveOptions,
): Promise<Observation> {
  const { uid } = settings;
  const [plist, located, home] = await Promise.all([
    readPlistFile(target.plistPath),
    locate(launchctl, uid, target.label),
    observeHome(target.home, settings.userHome),
  ]);
  const domain: Domain = located.job?.domain ?? (located.guiSession ? `gui/${uid}` : `user/${uid}`);
  let otherJob: LoadedJob | null = null;
  let disabled: boolean | null = null;
  if (options.thorough) {
    if (located.guiSession) {
      const user: Domain = `user/${uid}`;
      const inUser = await launchctl.print(`${user}/${target.label}`);
      if (inUser.loaded) otherJob = { domain: user, record: inUser.record };
    }
    disabled = (await launchctl.disabled(domain)).get(target.label) ?? false;
  }
  const launcher = findLauncher(settings.env, settings.userHome) ?? launcherOfPlist(plist);
  return {
    ...home,
    target,
    uid,
    guiSession: located.guiSession,
    domain,
    plist,
    launcher,
    wanted: launcher ? agentJob(target.label, target.home, target.profile, launcher) : null,
    job: located.job,
    otherJob,
    disabled,
    checkedAt: Date.now(),
  };
}
