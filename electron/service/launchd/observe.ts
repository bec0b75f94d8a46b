/**
 * Looks at one gateway without changing anything: the plist on disk, launchd's record, the
 * gateway processes of its home and the gateway's own files.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentJob, GatewayPidFile, GatewayReport, Launcher } from '../hermes.js';
import { agentJob, defaultHome, findLauncher, logPaths, profileHome, readGatewayState, readPidFile } from '../hermes.js';
import type { Domain, Launchctl } from '../launchctl.js';
import type { PlistFile } from '../plist-file.js';
import { programArguments, readPlistFile } from '../plist-file.js';
import type { GatewayProcess } from '../processes.js';
import { findGatewayProcesses } from '../processes.js';
import type { JobRecord } from '../print-record.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';

export interface LoadedJob {
  domain: Domain;
  record: JobRecord;
}

export interface Observation {
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
  gateways: GatewayProcess[];
  pidFile: GatewayPidFile | null;
  report: GatewayReport | null;
  logsWritable: boolean;
  checkedAt: number;
}

export interface ObserveOptions {
  /** Also look at the other domain and the disabled overrides (operations and doctor). */
  thorough: boolean;
}

/** The home a gateway process serves: its HERMES_HOME, else its profile's, else the default. */
export function homeOfProcess(proc: GatewayProcess, userHome: string): string {
  if (proc.hermesHome) return path.resolve(proc.hermesHome);
  return proc.profile ? profileHome(userHome, proc.profile) : defaultHome(userHome);
}

async function canWrite(p: string): Promise<boolean> {
  try {
    await access(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * launchd opens both logs for append before it spawns, creating them (not their folder) when
 * missing; if it cannot, the job exits 78 with no log.
 */
async function logsWritable(home: string): Promise<boolean> {
  const logs = logPaths(home);
  const dir = await stat(logs.dir).catch(() => null);
  if (!dir) return canWrite(home);
  if (!dir.isDirectory() || !(await canWrite(logs.dir))) return false;
  for (const file of [logs.stdout, logs.stderr]) {
    const info = await stat(file).catch(() => null);
    if (info && (!info.isFile() || !(await canWrite(file)))) return false;
  }
  return true;
}

/** The launcher named by an existing plist, so an old venv install is not "stale" for that alone. */
function launcherOfPlist(plist: PlistFile): Launcher | null {
  if (!plist.exists || !plist.parsed.ok) return null;
  const [program, ...rest] = programArguments(plist.parsed.dict);
  if (!program) return null;
  return rest[0] === '-m' && rest[1] === 'hermes_cli.main' ? { program, prefix: ['-m', 'hermes_cli.main'] } : { program, prefix: [] };
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
  const [plist, located, processes, pidFile, report] = await Promise.all([
    readPlistFile(target.plistPath),
    locate(launchctl, uid, target.label),
    findGatewayProcesses(),
    readPidFile(target.home),
    readGatewayState(target.home),
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
  const home = path.resolve(target.home);
  return {
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
    gateways: processes.filter((proc) => homeOfProcess(proc, settings.userHome) === home),
    pidFile,
    report,
    logsWritable: await logsWritable(target.home),
    checkedAt: Date.now(),
  };
}
