import type { Domain } from '../domains.js';
import { Job } from '../job.js';
import type { LaunchdState } from '../launchd-state.js';
import { EXIT, TEXT, type LoadFailure } from '../messages.js';
import { takeInjectedRuleOrNull } from '../inject.js';
import { isLoadFailure, readJobPlist } from '../plist-file.js';

export interface LoadOptions {
  /** legacy `load -F`: ignore the plist's own Disabled key (an override still counts). */
  ignorePlistDisabled?: boolean;
}

/** bootstrap one plist into a domain; returns the failure, or null once the job is loaded. */
export function loadJob(
  state: LaunchdState,
  domain: Domain,
  path: string,
  uid: number,
  options: LoadOptions = {},
): LoadFailure | null {
  const spec = readJobPlist(path, uid);
  if (isLoadFailure(spec)) return spec;
  if (domain.jobs.has(spec.label) || domain.isTearingDown(spec.label)) return { code: EXIT.ioError, detail: null };
  const override = state.overrides.disabled(domain.name, spec.label);
  const disabled = override ?? (options.ignorePlistDisabled === true ? false : spec.disabled);
  if (disabled) return { code: EXIT.ioError, detail: TEXT.disabled };
  const job = new Job(spec, {
    domain: domain.name,
    path,
    home: state.home,
    timeScale: state.config.timeScale,
    log: state.log,
    takeSpawnRule: () => takeInjectedRuleOrNull(state.paths.inject, ['spawn', `${domain.name}/${spec.label}`]),
  });
  domain.jobs.set(spec.label, job);
  job.load();
  return null;
}
