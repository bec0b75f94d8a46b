/**
 * Which gateway an operation is about: a home, its profile, its label (the launchd label or the
 * systemd unit name) and the file that defines it (the plist or the unit file).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from './errors.js';
import { HERMES_INSTALL_STEP } from './hermes/install.js';
import { isValidLabel, isValidProfile, isValidUnitName, launchdLabel, profileHome, profileOf, systemdUnitName } from './hermes/homes.js';
import type { Settings } from './settings.js';

export interface GatewayTarget {
  home: string;
  profile: string | null;
  label: string;
  plistPath: string;
}

/** A home's service name and file under the settings' backend, with Hermes's pattern for the name. */
function serviceOf(settings: Settings, home: string): { label: string; file: string; valid: boolean; pattern: string } {
  if (settings.backend === 'systemd') {
    const unit = systemdUnitName(home, settings.userHome);
    return { label: unit, file: path.join(settings.unitsDir, unit), valid: isValidUnitName(unit), pattern: 'hermes-gateway.service or hermes-gateway-<profile or hash>.service' };
  }
  const label = launchdLabel(home, settings.userHome);
  return { label, file: path.join(settings.agentsDir, `${label}.plist`), valid: isValidLabel(label), pattern: 'ai.hermes.gateway or ai.hermes.gateway-<profile or hash>' };
}

export function targetForHome(settings: Settings, home: string): GatewayTarget {
  const service = serviceOf(settings, home);
  if (!service.valid) {
    throw new ServiceError({
      code: 'invalid-label',
      message: `The name ${JSON.stringify(service.label)} does not follow Hermes's pattern`,
      explanation: `Gateway names are ${service.pattern}.`,
      nextStep: 'Check HERMES_HOME and the profile name.',
    });
  }
  return { home, profile: profileOf(home, settings.userHome), label: service.label, plistPath: service.file };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The gateway for `--profile NAME`, or for HERMES_HOME when no profile is named. */
export function resolveTarget(settings: Settings, profile?: string | null): GatewayTarget {
  if (profile !== undefined && profile !== null && !isValidProfile(profile)) {
    throw new ServiceError({
      code: 'invalid-profile',
      message: `${JSON.stringify(profile.slice(0, 80))} is not a valid profile name`,
      explanation: 'Hermes profile names are 1 to 64 characters: lowercase letters, digits, "_" and "-", starting with a letter or digit.',
      nextStep: 'Run `hermes-bar list` to see the profiles that exist.',
    });
  }
  const home = profile ? profileHome(settings.userHome, profile) : settings.hermesHome;
  if (!isDirectory(home)) {
    throw new ServiceError({
      code: 'home-missing',
      message: existsSync(home) ? `${home} is not a folder` : `${home} does not exist`,
      explanation: profile
        ? `There is no Hermes profile "${profile}" on this machine.`
        : 'HERMES_HOME (or ~/.hermes) does not exist: Hermes is not installed for this user, or HERMES_HOME is wrong.',
      nextStep: profile ? 'Create it with `hermes profile create`, or run `hermes-bar list`.' : `${HERMES_INSTALL_STEP} (Or set HERMES_HOME to its home.)`,
    });
  }
  return targetForHome(settings, home);
}
