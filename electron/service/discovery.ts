/** Finds every Hermes gateway on the machine: the default home, each profile, and any agent plist. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LABEL_PREFIX, defaultHome, isValidProfile, profilesRoot } from './hermes.js';
import { environment, readPlistFile } from './plist-file.js';
import type { Settings } from './settings.js';

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** The home an agent plist serves: its HERMES_HOME, else its working folder. */
async function homeOfPlist(file: string): Promise<string | null> {
  const plist = await readPlistFile(file);
  if (!plist.exists || !plist.parsed.ok) return null;
  const home = environment(plist.parsed.dict).HERMES_HOME ?? plist.parsed.dict.WorkingDirectory;
  return typeof home === 'string' && home ? path.resolve(home) : null;
}

export async function discoverHomes(settings: Settings): Promise<string[]> {
  const homes = new Set<string>();
  for (const home of [defaultHome(settings.userHome), settings.hermesHome]) {
    if (await isDirectory(home)) homes.add(path.resolve(home));
  }
  const root = profilesRoot(settings.userHome);
  for (const name of (await entries(root)).sort()) {
    const home = path.join(root, name);
    if (isValidProfile(name) && (await isDirectory(home))) homes.add(home);
  }
  for (const name of (await entries(settings.agentsDir)).sort()) {
    if (!name.startsWith(LABEL_PREFIX) || !name.endsWith('.plist')) continue;
    const home = await homeOfPlist(path.join(settings.agentsDir, name));
    if (home && (await isDirectory(home))) homes.add(home);
  }
  return [...homes];
}
