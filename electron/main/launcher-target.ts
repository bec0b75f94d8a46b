/**
 * Where Hermes's launcher really points. The plist keeps the stable path (~/.hermes/bin/hermes or
 * HERMES_BAR_HERMES); an upgrade replaces what it resolves to, which is what the app compares.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { defaultHome } from '../service/hermes/homes.js';
import type { Settings } from '../service/settings.js';

export function launcherPath(settings: Pick<Settings, 'env' | 'userHome'>): string {
  const override = settings.env.HERMES_BAR_HERMES?.trim();
  return override ? path.resolve(override) : path.join(defaultHome(settings.userHome), 'bin', 'hermes');
}

/** The resolved path, or null when the launcher does not exist (uninstalled, or moved by an upgrade). */
export async function launcherTarget(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch {
    return null;
  }
}
