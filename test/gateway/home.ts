import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** HERMES_HOME: the env var, else `~/.hermes/profiles/<profile>`, else `~/.hermes`. */
export function resolveHermesHome(env: NodeJS.ProcessEnv, profile: string | null): string {
  const fromEnv = env['HERMES_HOME'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const base = join(homedir(), '.hermes');
  return profile === null ? base : join(base, 'profiles', profile);
}

/** `${XDG_STATE_HOME:-~/.local/state}/hermes/gateway-locks`. */
export function tokenLockDir(env: NodeJS.ProcessEnv): string {
  const state = env['XDG_STATE_HOME'];
  const base = state !== undefined && state !== '' ? state : join(homedir(), '.local', 'state');
  return join(base, 'hermes', 'gateway-locks');
}
