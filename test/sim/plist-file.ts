import { readFileSync, statSync } from 'node:fs';
import * as plist from 'plist';
import { jobSpecFromPlist, type JobSpec } from './job-spec.js';
import { EXIT, TEXT, type LoadFailure } from './messages.js';

/** Reads a plist the way launchd does at bootstrap: ownership and mode first, then the contents. */
export function readJobPlist(path: string, uid: number): JobSpec | LoadFailure {
  let mode: number;
  let owner: number;
  try {
    const stat = statSync(path);
    mode = stat.mode;
    owner = stat.uid;
  } catch {
    return { code: 2, detail: null };
  }
  if ((mode & 0o022) !== 0 || owner !== uid) return { code: EXIT.badPermissions, detail: null };
  let parsed: plist.PlistValue;
  try {
    parsed = plist.parse(readFileSync(path, 'utf8'));
  } catch {
    return { code: EXIT.ioError, detail: TEXT.invalidPlist };
  }
  const spec = jobSpecFromPlist(parsed);
  return 'error' in spec ? { code: EXIT.ioError, detail: TEXT.invalidPlist } : spec;
}

export function isLoadFailure(value: JobSpec | LoadFailure): value is LoadFailure {
  return 'code' in value;
}

/** The Label of a plist file, without launchd's ownership checks (bootout/unload by path). */
export function readPlistLabel(path: string): string | null {
  try {
    const spec = jobSpecFromPlist(plist.parse(readFileSync(path, 'utf8')));
    return 'error' in spec ? null : spec.label;
  } catch {
    return null;
  }
}
