/**
 * The service definitions real Hermes writes (../shared/real-hermes/, beside the repository), and
 * the same files moved onto a test's machine: their home paths replaced by the test's, the custom
 * home's label suffix recomputed for the new path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../sim/repo-paths.js';

export const REAL_HERMES_DIR = path.resolve(repoRoot(), '..', 'shared', 'real-hermes');

export type Generation = '0.21' | '0.18';
/** The install a file was written by: a store Python with its launcher, a venv's Python (no store), or 0.18's venv. */
export type InstallShape = '0.21' | '0.21-nostore' | '0.18';
export type HomeKind = 'default' | 'profile' | 'custom';

export interface RealDefinition {
  /** e.g. "0.21/a-default.ai.hermes.gateway.plist". */
  name: string;
  generation: Generation;
  shape: InstallShape;
  kind: 'plist' | 'unit';
  home: HomeKind;
  /** The profile of a profile home ("work"). */
  profile: string | null;
  /** The label (plist) or unit name its file is named after. */
  serviceName: string;
  text: string;
}

function describe(generation: Generation, file: string): RealDefinition {
  const kind = file.endsWith('.plist') ? 'plist' : 'unit';
  const home: HomeKind = file.includes('custom-home') ? 'custom' : file.includes('profile-') ? 'profile' : 'default';
  const serviceName = kind === 'plist' ? file.replace(/^.*?\.(ai\.hermes\.gateway[^/]*)\.plist$/, '$1') : file.replace(/^.*?\.(hermes-gateway[^/]*\.service)$/, '$1');
  const shape: InstallShape = generation === '0.18' ? '0.18' : file.includes('-nostore') ? '0.21-nostore' : '0.21';
  return {
    name: `${generation}/${file}`,
    generation,
    shape,
    kind,
    home,
    profile: home === 'profile' ? 'work' : null,
    serviceName,
    text: readFileSync(path.join(REAL_HERMES_DIR, generation, file), 'utf8'),
  };
}

/** Every definition in real-hermes/; a folder that is missing fails the test that asked (never a silent skip). */
export function realHermesDefinitions(): RealDefinition[] {
  return (['0.21', '0.18'] as const).flatMap((generation) =>
    readdirSync(path.join(REAL_HERMES_DIR, generation))
      .filter((file) => file.endsWith('.plist') || file.endsWith('.service'))
      .sort()
      .map((file) => describe(generation, file)),
  );
}

/** Where a test puts the machine a file came from. */
export interface Place {
  userHome: string;
  /** The home outside ~/.hermes that the custom-home files serve. */
  customHome: string;
}

function hashOf(home: string): string {
  let real = home;
  try {
    real = realpathSync(home);
  } catch {
    // not created yet: Hermes hashes the resolved path, which is then the path itself
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 8);
}

/** The file's text and name on `place`: its users' homes, its custom home and that home's hash replaced. */
export function localized(definition: RealDefinition, place: Place): { text: string; serviceName: string; home: string } {
  const suffix = hashOf(place.customHome);
  const move = (text: string): string =>
    text
      .replace(/\/Volumes\/(?:old-)?data\/hermes(?![\w.-])/g, place.customHome)
      .replace(/\/(?:Users\/(?:u|dev|old)|home\/u)(?=\/)/g, place.userHome)
      .replace(/b4d5209d/g, suffix);
  const home =
    definition.home === 'custom' ? place.customHome : definition.home === 'profile' ? path.join(place.userHome, '.hermes', 'profiles', 'work') : path.join(place.userHome, '.hermes');
  return { text: move(definition.text), serviceName: move(definition.serviceName), home };
}
