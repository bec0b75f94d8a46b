/**
 * Whether `systemctl --user` can reach the user's systemd manager from this environment. It finds
 * the manager through XDG_RUNTIME_DIR (its private socket or the user bus there) or through
 * DBUS_SESSION_BUS_ADDRESS; after `su`, `sudo` or in cron neither is set.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type UserBus = { ok: true } | { ok: false; reason: string; nextStep: string };

export function lingerCommand(user: string): string {
  return `loginctl enable-linger ${user}`;
}

export function userBus(env: NodeJS.ProcessEnv, uid: number, user: string): UserBus {
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (!runtimeDir) {
    if (env.DBUS_SESSION_BUS_ADDRESS?.trim()) return { ok: true };
    const usual = `/run/user/${uid}`;
    return {
      ok: false,
      reason: 'XDG_RUNTIME_DIR is not set, so systemctl --user cannot find your user manager (usual after su or sudo, and in cron)',
      nextStep: existsSync(path.join(usual, 'bus'))
        ? `Run \`export XDG_RUNTIME_DIR=${usual}\` and try again, or log in as ${user} directly instead of through su or sudo.`
        : `Log in as ${user} (a desktop or SSH login starts the user manager), or run \`${lingerCommand(user)}\` so it runs without a login.`,
    };
  }
  const sockets = [path.join(runtimeDir, 'systemd', 'private'), path.join(runtimeDir, 'bus')];
  if (sockets.some((socket) => existsSync(socket))) return { ok: true };
  return {
    ok: false,
    reason: `No systemd user manager listens in ${runtimeDir} (neither systemd/private nor bus exists)`,
    nextStep: `Log in as ${user} so the user manager starts, or run \`${lingerCommand(user)}\` so it runs without a login; then try again.`,
  };
}
