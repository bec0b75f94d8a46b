import { monotonicMs } from './clock.js';
import type { Job } from './job.js';

/** One launchd domain (`gui/501`, `user/501`): its jobs and the labels still being torn down. */
export class Domain {
  readonly jobs = new Map<string, Job>();
  private readonly teardownUntil = new Map<string, number>();

  constructor(readonly name: string) {}

  /** True while a label booted out less than its teardown window ago cannot be bootstrapped. */
  isTearingDown(label: string): boolean {
    const until = this.teardownUntil.get(label);
    if (until === undefined) return false;
    if (monotonicMs() < until) return true;
    this.teardownUntil.delete(label);
    return false;
  }

  /** Removes a job's record and starts its teardown window. */
  remove(job: Job, teardownMs: number): void {
    if (this.jobs.get(job.label) === job) this.jobs.delete(job.label);
    this.teardownUntil.set(job.label, monotonicMs() + teardownMs);
  }
}

/** A parsed `gui/501` or `user/501`. */
export interface DomainName {
  kind: 'gui' | 'user';
  uid: number;
  name: string;
}

export function parseDomain(text: string): DomainName | null {
  const match = /^(gui|user)\/(\d+)$/.exec(text);
  if (match === null) return null;
  const kind = match[1] === 'gui' ? 'gui' : 'user';
  return { kind, uid: Number(match[2]), name: text };
}

/** A parsed service target `gui/501/label`. */
export interface ServiceTarget {
  domain: DomainName;
  label: string;
}

export function parseServiceTarget(text: string): ServiceTarget | null {
  const match = /^((?:gui|user)\/\d+)\/(.+)$/.exec(text);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  const domain = parseDomain(match[1]);
  return domain === null ? null : { domain, label: match[2] };
}

/** Every domain of the simulated launchd. */
export class Domains {
  private readonly domains = new Map<string, Domain>();

  constructor(private readonly guiSession: boolean) {}

  /** The domain, or null when it does not exist (no GUI session). */
  get(name: DomainName): Domain | null {
    if (name.kind === 'gui' && !this.guiSession) return null;
    return this.getOrCreate(name.name);
  }

  /** The domain legacy commands act on: gui/<uid> when it exists, else user/<uid>. */
  legacy(uid: number): Domain {
    return this.getOrCreate(this.guiSession ? `gui/${uid}` : `user/${uid}`);
  }

  private getOrCreate(name: string): Domain {
    let domain = this.domains.get(name);
    if (domain === undefined) {
      domain = new Domain(name);
      this.domains.set(name, domain);
    }
    return domain;
  }

  allJobs(): Job[] {
    return [...this.domains.values()].flatMap((domain) => [...domain.jobs.values()]);
  }
}
