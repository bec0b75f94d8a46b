/** The engine's settings, read once from the environment (README's table). */
import os from 'node:os';
import path from 'node:path';
import { hermesHome } from './hermes/homes.js';

export type BackendName = 'launchd' | 'systemd';

export interface Settings {
  env: NodeJS.ProcessEnv;
  userHome: string;
  /** The home used when no profile is named: HERMES_HOME or ~/.hermes. */
  hermesHome: string;
  launchctlPath: string;
  agentsDir: string;
  backend: BackendName;
  systemctlPath: string;
  /** Where systemd user units live: ~/.config/systemd/user, XDG_CONFIG_HOME respected. */
  unitsDir: string;
  /** systemd-logind's lingering flags: one empty file per user. */
  lingerDir: string;
  uid: number;
  user: string;
  /** Multiplies every engine deadline; tests against the simulator shrink it. */
  timeScale: number;
}

function backendFrom(value: string | undefined): BackendName {
  if (value === 'launchd' || value === 'systemd') return value;
  return process.platform === 'linux' ? 'systemd' : 'launchd';
}

function configHome(env: NodeJS.ProcessEnv, userHome: string): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(userHome, '.config');
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const userHome = env.HOME?.trim() || os.homedir();
  const scale = Number(env.HERMES_BAR_TIME_SCALE ?? '1');
  return {
    env,
    userHome,
    hermesHome: hermesHome(env, userHome),
    launchctlPath: env.HERMES_BAR_LAUNCHCTL?.trim() || '/bin/launchctl',
    agentsDir: path.resolve(env.HERMES_BAR_AGENTS_DIR?.trim() || path.join(userHome, 'Library', 'LaunchAgents')),
    backend: backendFrom(env.HERMES_BAR_BACKEND?.trim()),
    systemctlPath: env.HERMES_BAR_SYSTEMCTL?.trim() || 'systemctl',
    unitsDir: path.resolve(env.HERMES_BAR_UNITS_DIR?.trim() || path.join(configHome(env, userHome), 'systemd', 'user')),
    lingerDir: path.resolve(env.HERMES_BAR_LINGER_DIR?.trim() || '/var/lib/systemd/linger'),
    uid: process.getuid?.() ?? 501,
    user: env.USER?.trim() || os.userInfo().username,
    timeScale: Number.isFinite(scale) && scale > 0 ? scale : 1,
  };
}
