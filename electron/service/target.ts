/**
 * Which gateway an operation is about: a home, its profile, its label (the launchd label or the
 * systemd unit name) and the file that defines it (the plist or the unit file).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from './errors.js';
import type { DefinitionFacts } from './hermes/definitions.js';
import { commandOfDefinition, homeOfCommand } from './hermes/definitions.js';
import { isValidProfile, labelSuffixes, profileHome, profileOf } from './hermes/homes.js';
import { HERMES_INSTALL_STEP } from './hermes/install.js';
import { namingOf } from './service-naming.js';
import type { Settings } from './settings.js';

export interface GatewayTarget {
  home: string;
  profile: string | null;
  label: string;
  plistPath: string;
}

/** What the service file at `file` means, or null when there is none or it cannot be read. */
function factsOf(settings: Settings, file: string): DefinitionFacts | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return namingOf(settings).factsOf(settings, text);
}

/** Whether the service file at `file` runs the gateway of `home`. */
function servesHome(settings: Settings, file: string, home: string): boolean {
  const facts = factsOf(settings, file);
  const command = facts ? commandOfDefinition(facts.argv) : null;
  return facts !== null && command !== null && homeOfCommand(command.gateway, facts.env, settings.userHome) === path.resolve(home);
}

/** A service name and its file under the settings' backend. */
export function serviceNamed(settings: Settings, suffix: string | null): { label: string; file: string } {
  return namingOf(settings).named(settings, suffix);
}

/**
 * A home's service name and file: the current rule's (0.21), unless only an older rule's file
 * exists for this home (0.18 gives a home outside ~/.hermes the bare name), then that one.
 */
function serviceOf(settings: Settings, home: string): { label: string; file: string; valid: boolean; pattern: string } {
  const [current, ...older] = labelSuffixes(home, settings.userHome).map((suffix) => serviceNamed(settings, suffix));
  const chosen = (current && existsSync(current.file) ? current : older.find((named) => servesHome(settings, named.file, home))) ?? current;
  if (!chosen) throw new Error(`no service name for ${home}`);
  const naming = namingOf(settings);
  return { ...chosen, valid: naming.isValid(chosen.label), pattern: naming.pattern };
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
