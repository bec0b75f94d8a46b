/**
 * "Install Command Line Tool…" (as VS Code's "Install 'code' command in PATH"): links `hermes-bar`
 * into /usr/local/bin when the user may write there, else into ~/.local/bin, after asking and
 * saying which. The link points at the app's bundled command (build/cli/hermes-bar →
 * Resources/bin/hermes-bar), which runs the app's binary in its CLI mode (cli-mode.ts). Refused
 * where the app runs from a place that goes away (a translocated copy, a disk image).
 */
import { accessSync, constants, lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Confirmation } from './dispatch.js';

export const CLI_NAME = 'hermes-bar';
export const SYSTEM_BIN_DIR = '/usr/local/bin';

export interface CliInstallContext {
  /** The app's resources folder (process.resourcesPath); null when it runs from its sources. */
  resourcesPath: string | null;
  home: string;
  /** PATH, to say whether the chosen folder is on it. */
  pathVariable: string;
  /** Set when the app runs from an AppImage (its files move at every start). */
  appImage: string | null;
  systemBinDir?: string;
}

export type CliInstallPlan =
  | { kind: 'install'; command: string; link: string; onPath: boolean; replaces: string | null }
  | { kind: 'installed'; command: string; link: string; onPath: boolean }
  | { kind: 'refused'; reason: string };

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A folder the user can put a link in: writable, or missing under a writable parent. */
function usable(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory() && writable(dir);
  } catch {
    const parent = path.dirname(dir);
    return parent !== dir && usable(parent);
  }
}

type Existing = { kind: 'none' } | { kind: 'link'; target: string } | { kind: 'file' };

function existing(file: string): Existing {
  try {
    return lstatSync(file).isSymbolicLink() ? { kind: 'link', target: readlinkSync(file) } : { kind: 'file' };
  } catch {
    return { kind: 'none' };
  }
}

/**
 * Where a macOS app runs from a place that will not be there next time, as the user would say it, or
 * null: a copy macOS translocated (an app opened where it was downloaded runs from a random
 * read-only folder, …/AppTranslocation/…), or a mounted disk image (/Volumes/<image>/Hermes Bar.app;
 * an app in a folder of another volume, /Volumes/Disk/Applications/…, stays where it is).
 */
export function transientLocation(resourcesPath: string): string | null {
  if (resourcesPath.includes('/AppTranslocation/')) return 'a temporary copy macOS made of it (App Translocation: it was opened where it was downloaded)';
  const image = /^\/Volumes\/([^/]+)\/[^/]+\.app\//.exec(resourcesPath);
  if (image) return `the disk image it came on (${image[1]})`;
  return null;
}

export function planCliInstall(context: CliInstallContext): CliInstallPlan {
  if (context.appImage) {
    return { kind: 'refused', reason: 'This copy runs from an AppImage, whose files move at every start, so nothing can link to them. Install the command line with `npm install -g hermes-bar` instead.' };
  }
  if (context.resourcesPath === null) {
    return { kind: 'refused', reason: 'This copy runs from its sources: use `npx hermes-bar` from the repository instead.' };
  }
  const transient = transientLocation(context.resourcesPath);
  if (transient) {
    return {
      kind: 'refused',
      reason: `Hermes Bar is running from ${transient}, which goes away, and the link would then point nowhere. Move Hermes Bar to Applications first, open it from there, and choose Install Command Line Tool… again.`,
    };
  }
  const command = path.join(context.resourcesPath, 'bin', CLI_NAME);
  const pathDirs = context.pathVariable.split(path.delimiter).filter(Boolean).map((dir) => path.resolve(dir));
  const candidates = [context.systemBinDir ?? SYSTEM_BIN_DIR, path.join(context.home, '.local', 'bin')];
  for (const dir of candidates) {
    const link = path.join(dir, CLI_NAME);
    const onPath = pathDirs.includes(path.resolve(dir));
    const found = existing(link);
    if (found.kind === 'link' && path.resolve(dir, found.target) === command) return { kind: 'installed', command, link, onPath };
    // Never overwrite a file that is not a link: it is someone else's program.
    if (found.kind === 'file' || !usable(dir)) continue;
    return { kind: 'install', command, link, onPath, replaces: found.kind === 'link' ? found.target : null };
  }
  return {
    kind: 'refused',
    reason: `Neither ${candidates.join(' nor ')} can take a link named ${CLI_NAME} (not writable, or a program of that name is there). Link it by hand: ln -s "${command}" /somewhere/on/your/PATH/${CLI_NAME}`,
  };
}

export function installQuestion(plan: Extract<CliInstallPlan, { kind: 'install' }>): Confirmation {
  const dir = path.dirname(plan.link);
  const lines = [`Hermes Bar will link ${plan.link} to its command line (${plan.command}), so that \`hermes-bar status\` works in any terminal.`];
  if (plan.replaces) lines.push(`The link there now, to ${plan.replaces}, is replaced.`);
  if (!plan.onPath) lines.push(`${dir} is not on your PATH: add it (export PATH="${dir}:$PATH" in your shell's profile).`);
  return { message: `Install the hermes-bar command in ${dir}?`, detail: lines.join('\n\n'), confirm: 'Install' };
}

/** Creates the link (a temporary link renamed over the old one, so it is never missing half-way). */
export function installCli(plan: Extract<CliInstallPlan, { kind: 'install' }>): void {
  mkdirSync(path.dirname(plan.link), { recursive: true, mode: 0o755 });
  const temp = `${plan.link}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  symlinkSync(plan.command, temp);
  try {
    renameSync(temp, plan.link);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface CliInstallUi {
  ask(question: Confirmation): Promise<boolean>;
  tell(message: string, detail: string): Promise<void>;
}

/** The menu item's whole flow: plan, ask, link, say what happened. Returns the plan's outcome. */
export async function offerCliInstall(context: CliInstallContext, ui: CliInstallUi): Promise<'installed' | 'declined' | 'already' | 'refused' | 'failed'> {
  const plan = planCliInstall(context);
  if (plan.kind === 'refused') {
    await ui.tell('The hermes-bar command cannot be installed from here', plan.reason);
    return 'refused';
  }
  if (plan.kind === 'installed') {
    await ui.tell('The hermes-bar command is already installed', `${plan.link} links to ${plan.command}.${plan.onPath ? '' : ` ${path.dirname(plan.link)} is not on your PATH yet.`}`);
    return 'already';
  }
  if (!(await ui.ask(installQuestion(plan)))) return 'declined';
  try {
    installCli(plan);
  } catch (error) {
    await ui.tell(`Could not link ${plan.link}`, error instanceof Error ? error.message : String(error));
    return 'failed';
  }
  await ui.tell('The hermes-bar command is installed', `${plan.link} → ${plan.command}. Open a new terminal and run: hermes-bar status`);
  return 'installed';
}
