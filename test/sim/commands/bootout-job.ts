import type { Domain } from '../domains.js';
import type { Job } from '../job.js';
import type { LaunchdState } from '../launchd-state.js';
import type { InjectRule } from '../types.js';

/**
 * Starts a bootout and returns at once (launchctl answers before the process has exited).
 * An injected `teardownMs` makes it slow: that long before the process is signalled, and that
 * long a teardown window afterwards.
 */
export function bootoutJob(state: LaunchdState, domain: Domain, job: Job, rule: InjectRule | null): void {
  const injected = rule?.teardownMs;
  const teardownMs = injected ?? state.config.teardownMs * state.config.timeScale;
  job.bootout(injected ?? 0, () => domain.remove(job, teardownMs));
}
