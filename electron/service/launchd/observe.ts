/**
 * Looks at one gateway without changing anything: the plist on disk, launchd's record, the
 * gateway processes of its home and the gateway's own files.
 */
import { commandOfDefinition } from '../hermes/definitions.js';
import type { HermesInstall } from '../hermes/install.js';
import { findInstall } from '../hermes/install.js';
import type { HomeState } from '../home-state.js';
import { observeHome, otherGateways, supervisedGateway } from '../home-state.js';
import type { Domain, Launchctl, PrintResult } from './launchctl.js';
import type { PlistFile } from './plist-file.js';
import { plistFacts, readPlistFile } from './plist-file.js';
import type { JobRecord } from './print-record.js';
import { listedRecord } from './print-record.js';
import { lastRunFailure } from './status.js';
import type { GatewayProcess } from '../processes.js';
import { findGatewayProcesses } from '../processes.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';

export interface LoadedJob {
  domain: Domain;
  record: JobRecord;
}

export interface Observation extends HomeState {
  target: GatewayTarget;
  uid: number;
  /** The user's home: whose ~/.hermes a gateway without HERMES_HOME serves. */
  userHome: string;
  /** Whether the login session's gui domain exists. */
  guiSession: boolean;
  /** The domain the job is loaded in, or would be loaded into. */
  domain: Domain;
  plist: PlistFile;
  /** The Hermes install (HERMES.md's search, the plist's own first), null when none was found. */
  install: HermesInstall | null;
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

/** The gateway command an existing plist runs, so its own install is found first. */
function gatewayOfPlist(plist: PlistFile): string[] | null {
  return plist.exists && plist.parsed.ok ? (commandOfDefinition(plistFacts(plist.parsed.dict).argv)?.gateway ?? null) : null;
}

/** What launchd says about one label: the session, the job in its domain, the same label in the other domain. */
interface Located {
  guiSession: boolean;
  job: LoadedJob | null;
  otherJob: LoadedJob | null;
  disabled: boolean | null;
}

function loaded(domain: Domain, result: PrintResult | null): LoadedJob | null {
  return result?.loaded ? { domain, record: result.record } : null;
}

/** A disabled override for `label`; null when not asked or launchctl could not say. */
function overrideOf(overrides: Map<string, boolean> | null, label: string): boolean | null {
  return overrides ? (overrides.get(label) ?? false) : null;
}

/** One round of launchctl calls in parallel; a second only without a login session (the job then lives in user/<uid>). */
async function locate(launchctl: Launchctl, uid: number, label: string, thorough: boolean): Promise<Located> {
  const gui: Domain = `gui/${uid}`;
  const user: Domain = `user/${uid}`;
  const [inGui, inUser, guiOverrides] = await Promise.all([
    launchctl.print(`${gui}/${label}`),
    thorough ? launchctl.print(`${user}/${label}`) : null,
    thorough ? launchctl.disabled(gui) : null,
  ]);
  if (inGui.loaded || inGui.reason === 'not-loaded') {
    return { guiSession: true, job: loaded(gui, inGui), otherJob: loaded(user, inUser), disabled: overrideOf(guiOverrides, label) };
  }
  const [userJob, userOverrides] = await Promise.all([inUser ?? launchctl.print(`${user}/${label}`), thorough ? launchctl.disabled(user) : null]);
  return { guiSession: false, job: loaded(user, userJob), otherJob: null, disabled: overrideOf(userOverrides, label) };
}

/** What a look reads without launchd: the plist and the home (its gateways, its own files). */
interface Files {
  plist: PlistFile;
  home: HomeState;
}

async function readFiles(settings: Settings, target: GatewayTarget, table?: Promise<GatewayProcess[]>): Promise<Files> {
  const [plist, home] = await Promise.all([readPlistFile(target.plistPath), observeHome(target.home, settings.userHome, table)]);
  return { plist, home };
}

function assemble(settings: Settings, target: GatewayTarget, located: Located, files: Files): Observation {
  const { uid } = settings;
  return {
    ...files.home,
    target,
    uid,
    userHome: settings.userHome,
    guiSession: located.guiSession,
    domain: located.job?.domain ?? (located.guiSession ? `gui/${uid}` : `user/${uid}`),
    plist: files.plist,
    install: findInstall(settings.env, settings.userHome, gatewayOfPlist(files.plist)),
    job: located.job,
    otherJob: located.otherJob,
    disabled: located.disabled,
    checkedAt: Date.now(),
  };
}

export async function observe(
  settings: Settings,
  launchctl: Launchctl,
  target: GatewayTarget,
  options: ObserveOptions,
): Promise<Observation> {
  const [located, files] = await Promise.all([locate(launchctl, settings.uid, target.label, options.thorough), readFiles(settings, target)]);
  // launchd may have started a gateway after its print answered and before the process table was
  // read: a gateway it seems not to own is judged by launchd's word taken after the table.
  const strangers = otherGateways(files.home, supervisedGateway(files.home, located.job?.record.pid ?? null)).length > 0;
  return assemble(settings, target, strangers ? await locate(launchctl, settings.uid, target.label, options.thorough) : located, files);
}

/**
 * The same observation with the home looked at again: the gateway's processes and files change as
 * it boots (under the stderr wrapper its process appears after launchd's pid); launchd's record does not.
 */
export async function reobserveHome(obs: Observation): Promise<Observation> {
  return { ...obs, ...(await observeHome(obs.target.home, obs.userHome)), checkedAt: Date.now() };
}

/**
 * Every gateway at once, for `list`: one `launchctl list` for all their jobs and one process
 * table, so the cost per gateway stays flat. A loaded job without a process, or whose last run
 * failed, is printed: only its full record tells a crash loop (its counts) from a throttled
 * respawn, a stop in progress or one crash, so `list` says what `status` says.
 */
export async function observeAll(settings: Settings, launchctl: Launchctl, targets: GatewayTarget[]): Promise<Observation[]> {
  const { uid } = settings;
  const table = findGatewayProcesses();
  // Awaited here too, so a failing process table rejects this look even with no targets.
  const [rows, guiSession, , homes] = await Promise.all([
    launchctl.list(),
    launchctl.hasDomain(`gui/${uid}`),
    table,
    Promise.all(targets.map(async (target) => ({ target, files: await readFiles(settings, target, table) }))),
  ]);
  // `launchctl list` shows the domain legacy commands act on: gui/<uid> when there is a session.
  const domain: Domain = guiSession ? `gui/${uid}` : `user/${uid}`;
  const byLabel = new Map(rows.map((row) => [row.label, row]));
  return Promise.all(
    homes.map(async ({ target, files }) => {
      const row = byLabel.get(target.label);
      const listed = row && row.pid !== null ? { domain, record: listedRecord(row) } : null;
      // The list was read beside the process table. A job it shows without a pid or after a failed
      // run is printed for its full record, and, as in observe, a gateway launchd seems not to own
      // is judged by launchd's word taken after the table: one print, after the table, serves all.
      const partial = row !== undefined && (listed === null || lastRunFailure(listed.record) !== null);
      const printed = partial || otherGateways(files.home, supervisedGateway(files.home, listed?.record.pid ?? null)).length > 0;
      const job = printed ? loaded(domain, await launchctl.print(`${domain}/${target.label}`)) : listed;
      return assemble(settings, target, { guiSession, job, otherJob: null, disabled: null }, files);
    }),
  );
}
