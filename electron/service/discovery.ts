/**
 * Finds every Hermes gateway on the machine: the default home, each profile, and any home a
 * gateway service file (an agent plist, a unit) names.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultHome, isValidProfile, profilesRoot } from './hermes/homes.js';
import type { Settings } from './settings.js';

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** The homes named by the gateway service files in `dir` (files whose name `isGatewayFile`). */
export async function homesInServiceFiles(
  dir: string,
  isGatewayFile: (name: string) => boolean,
  homeOf: (file: string) => Promise<string | null>,
): Promise<string[]> {
  const homes: string[] = [];
  for (const name of (await entries(dir)).sort()) {
    if (!isGatewayFile(name)) continue;
    const home = await homeOf(path.join(dir, name));
    if (home) homes.push(path.resolve(home));
  }
  return homes;
}

export async function discoverHomes(settings: Settings, serviceHomes: string[]): Promise<string[]> {
  const homes = new Set<string>();
  for (const home of [defaultHome(settings.userHome), settings.hermesHome]) {
    if (await isDirectory(home)) homes.add(path.resolve(home));
  }
  const root = profilesRoot(settings.userHome);
  for (const name of (await entries(root)).sort()) {
    const home = path.join(root, name);
    if (isValidProfile(name) && (await isDirectory(home))) homes.add(home);
  }
  for (const home of serviceHomes) {
    if (await isDirectory(home)) homes.add(home);
  }
  return [...homes];
}
