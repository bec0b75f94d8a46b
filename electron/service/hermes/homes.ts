/** Hermes homes, profiles, and the launchd labels and systemd unit names that serve them (HERMES.md). */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';

export const PROFILE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const LABEL_PREFIX = 'ai.hermes.gateway';
export const LABEL_PATTERN = /^ai\.hermes\.gateway(-[a-z0-9][a-z0-9_-]{0,63})?$/;
export const SYSTEMD_UNIT_PREFIX = 'hermes-gateway';
export const SYSTEMD_UNIT_PATTERN = /^hermes-gateway(-[a-z0-9][a-z0-9_-]{0,63})?\.service$/;
/** The unit older Hermes versions installed for the default home: a second gateway beside ours. */
export const LEGACY_SYSTEMD_UNIT = 'hermes.service';

/** The default Hermes home (~/.hermes): profiles live below it whatever HERMES_HOME says. */
export function defaultHome(userHome: string): string {
  return path.join(userHome, '.hermes');
}

export function hermesHome(env: NodeJS.ProcessEnv, userHome: string): string {
  const fromEnv = env.HERMES_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : defaultHome(userHome);
}

export function profilesRoot(userHome: string): string {
  return path.join(defaultHome(userHome), 'profiles');
}

export function profileHome(userHome: string, profile: string): string {
  return path.join(profilesRoot(userHome), profile);
}

export function isValidProfile(name: string): boolean {
  return PROFILE_PATTERN.test(name);
}

export function isValidLabel(label: string): boolean {
  return LABEL_PATTERN.test(label);
}

export function isValidUnitName(name: string): boolean {
  return SYSTEMD_UNIT_PATTERN.test(name);
}

function resolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * The suffixes a home's label and unit name may carry, the current rule first: none for the
 * default home, the profile's name for a profile; any other home gets `-` + the first 8 hex
 * digits of SHA-256 of its resolved path from 0.21 on, and none at all from 0.18 (whose custom
 * home shares the default home's bare name).
 */
export function labelSuffixes(home: string, userHome: string): Array<string | null> {
  const real = resolved(home);
  if (real === resolved(defaultHome(userHome))) return [null];
  const root = resolved(profilesRoot(userHome));
  if (path.dirname(real) === root && isValidProfile(path.basename(real))) return [path.basename(real)];
  return [createHash('sha256').update(real).digest('hex').slice(0, 8), null];
}

export function launchdLabelFor(suffix: string | null): string {
  return suffix ? `${LABEL_PREFIX}-${suffix}` : LABEL_PREFIX;
}

export function systemdUnitFor(suffix: string | null): string {
  return suffix ? `${SYSTEMD_UNIT_PREFIX}-${suffix}.service` : `${SYSTEMD_UNIT_PREFIX}.service`;
}

/** The label the current rule gives a home (0.21's). */
export function launchdLabel(home: string, userHome: string): string {
  return launchdLabelFor(labelSuffixes(home, userHome)[0] ?? null);
}

export function systemdUnitName(home: string, userHome: string): string {
  return systemdUnitFor(labelSuffixes(home, userHome)[0] ?? null);
}

/** The profile a home belongs to, when it is one of ~/.hermes/profiles/<name>. */
export function profileOf(home: string, userHome: string): string | null {
  const real = resolved(home);
  if (path.dirname(real) !== resolved(profilesRoot(userHome))) return null;
  const name = path.basename(real);
  return isValidProfile(name) ? name : null;
}
