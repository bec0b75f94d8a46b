/** What the specifiers of a user unit stand for (%h, %u, %U, %t) for this user. */
import type { Settings } from '../settings.js';
import type { Specifiers } from './unit-file.js';

export function specifiers(settings: Settings): Specifiers {
  return { userHome: settings.userHome, user: settings.user, uid: settings.uid, runtimeDir: settings.env.XDG_RUNTIME_DIR?.trim() || null };
}
