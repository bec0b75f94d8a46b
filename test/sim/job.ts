import type { ChildProcess } from 'node:child_process';
import { monotonicMicros, monotonicMs } from './clock.js';
import type { EventLog } from './event-log.js';
import type { LastExit } from './exit-status.js';
import type { JobSpec } from './job-spec.js';
import { respawnsAfter, spawnsAtLoad } from './keep-alive.js';
import { trySignal } from './pid.js';
import { spawnJob } from './spawner.js';
import type { InjectRule } from './types.js';

/** launchd's `state` line (LAUNCHD.md): xpcproxy while a spawn is being exec'd, SIGTERMed while stopping. */
export type JobState = 'not running' | 'spawn scheduled' | 'xpcproxy' | 'running' | 'SIGTERMed';
/** The separate `job state` line: how the last spawn went; none before the first. */
export type JobOutcome = 'running' | 'exited' | 'spawn failed';

/** What a caller waiting for the next spawn learns. */
export type SpawnOutcome = { kind: 'spawned'; pid: number } | { kind: 'failed' } | { kind: 'removed' };

export interface JobContext {
  domain: string;
  /** The plist path the job was loaded from. */
  path: string;
  home: string;
  timeScale: number;
  log: EventLog;
  /** A test's rule for this job's next spawn (inject.json, command `spawn`): xpcproxy time, a refusal. */
  takeSpawnRule: () => InjectRule | null;
}

/** Exit status launchd records when it cannot spawn a job. */
const SPAWN_FAILED_CODE = 78;
/** A failed spawn is never retried synchronously, even with ThrottleInterval 0. */
const RETRY_FLOOR_MS = 10;

/** One loaded job: its record, its process, KeepAlive and throttling. */
export class Job {
  readonly label: string;
  state: JobState = 'not running';
  outcome: JobOutcome | null = null;
  runs = 0;
  /** Deaths by a signal launchd did not send, or by the system, in a row; an exit with a code ends the run. */
  successiveCrashes = 0;
  lastExit: LastExit = { kind: 'never' };
  pid: number | null = null;
  /** Set once a bootout has started: no respawn, and the record goes away when the process does. */
  removing = false;

  private child: ChildProcess | null = null;
  private lastSpawnAt: number | null = null;
  private spawnTimer: NodeJS.Timeout | null = null;
  /** Set while the spawn is in xpcproxy, before the program is exec'd. */
  private execTimer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private stopRequested = false;
  private restartAfterExit = false;
  private removed = false;
  private spawnWaiters: Array<(outcome: SpawnOutcome) => void> = [];
  private onRemoved: (() => void) | null = null;

  constructor(
    readonly spec: JobSpec,
    readonly ctx: JobContext,
  ) {
    this.label = spec.label;
  }

  get domain(): string {
    return this.ctx.domain;
  }

  get path(): string {
    return this.ctx.path;
  }

  /** Called once after bootstrap. */
  load(): void {
    if (spawnsAtLoad(this.spec)) this.requestSpawn();
  }

  /** Spawns now, or when ThrottleInterval allows; a no-op while running or already scheduled. */
  requestSpawn(minDelayMs = 0): void {
    if (this.removing || this.child !== null || this.spawnTimer !== null || this.execTimer !== null) return;
    const throttleMs = this.spec.throttleInterval * 1000 * this.ctx.timeScale;
    const sinceLast = this.lastSpawnAt === null ? 0 : this.lastSpawnAt + throttleMs - monotonicMs();
    const wait = Math.max(minDelayMs, sinceLast);
    if (wait <= 0) {
      this.spawn();
      return;
    }
    this.state = 'spawn scheduled';
    this.spawnTimer = setTimeout(() => {
      this.spawnTimer = null;
      this.spawn();
    }, wait);
  }

  /** Resolves at the next spawn attempt (or when the job is removed). */
  nextSpawn(): Promise<SpawnOutcome> {
    if (this.removing) return Promise.resolve({ kind: 'removed' });
    return new Promise((resolve) => this.spawnWaiters.push(resolve));
  }

  /** kickstart -k: stop the running process (if any) and spawn a new one, obeying the throttle. */
  restart(): void {
    if (this.child === null) {
      this.requestSpawn();
      return;
    }
    this.restartAfterExit = true;
    this.stop();
  }

  /** Sends a signal to the main process; false when it does not run. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.pid === null) return false;
    this.sendSignal(this.pid, signal);
    return true;
  }

  /**
   * bootout: no more spawns; after `delayMs` (a slow bootout) SIGTERM, SIGKILL after ExitTimeOut;
   * `onRemoved` runs when the record is gone (process reaped, or at once when none runs).
   */
  bootout(delayMs: number, onRemoved: () => void): void {
    if (this.removing) return;
    this.removing = true;
    this.onRemoved = onRemoved;
    this.clearSpawnTimer();
    this.resolveWaiters({ kind: 'removed' });
    const proceed = (): void => {
      if (this.removed) return;
      if (this.child === null) this.finishRemoval();
      else this.stop();
    };
    if (delayMs > 0) setTimeout(proceed, delayMs);
    else proceed();
  }

  /** Daemon shutdown: SIGKILL the process and its group, cancel everything. */
  killNow(): void {
    this.removing = true;
    this.clearSpawnTimer();
    this.clearKillTimer();
    if (this.pid !== null) {
      trySignal(-this.pid, 'SIGKILL');
      trySignal(this.pid, 'SIGKILL');
    }
  }

  /** SIGTERM now, SIGKILL after ExitTimeOut (0 = never). */
  private stop(): void {
    const pid = this.pid;
    if (pid === null) return;
    this.stopRequested = true;
    this.state = 'SIGTERMed';
    this.sendSignal(pid, 'SIGTERM');
    if (this.spec.exitTimeOut > 0 && this.killTimer === null) {
      const ms = this.spec.exitTimeOut * 1000 * this.ctx.timeScale;
      this.killTimer = setTimeout(() => {
        this.killTimer = null;
        if (this.pid === pid) this.sendSignal(pid, 'SIGKILL');
      }, ms);
    }
  }

  private sendSignal(pid: number, signal: NodeJS.Signals): void {
    if (trySignal(pid, signal)) {
      this.ctx.log.append({ type: 'signal', domain: this.domain, label: this.label, pid, signal });
    }
  }

  /** A spawn: launchd counts it, runs xpcproxy, and xpcproxy execs the program (or the system refuses it). */
  private spawn(): void {
    if (this.removing) return;
    // Read before the spawn is timed: the throttle counts from the spawn, not from a file read.
    const rule = this.ctx.takeSpawnRule();
    this.runs += 1;
    const spawnedAt = monotonicMicros();
    this.lastSpawnAt = spawnedAt / 1000;
    this.state = 'xpcproxy';
    const delayMs = rule?.delayMs ?? 0;
    if (delayMs <= 0) {
      this.exec(rule, spawnedAt);
      return;
    }
    this.execTimer = setTimeout(() => {
      this.execTimer = null;
      this.exec(rule, monotonicMicros());
    }, delayMs);
  }

  /** xpcproxy execs the program at `t` (µs): it runs, or the spawn fails then. */
  private exec(rule: InjectRule | null, t: number): void {
    if (this.removing) return;
    if (rule?.exitReason !== undefined) {
      this.spawnFailed({ kind: 'reason', reason: rule.exitReason }, rule.exitReason, t);
      return;
    }
    if (rule?.exit !== undefined) {
      this.spawnFailed({ kind: 'code', code: rule.exit }, `injected exit ${rule.exit}`, t);
      return;
    }
    const result = spawnJob(this.spec, this.ctx.home);
    if (!result.ok) {
      this.spawnFailed({ kind: 'code', code: SPAWN_FAILED_CODE }, result.reason, t);
      return;
    }
    this.child = result.child;
    this.pid = result.pid;
    this.state = 'running';
    this.outcome = 'running';
    this.ctx.log.append(
      {
        type: 'spawn',
        domain: this.domain,
        label: this.label,
        pid: result.pid,
        argv: this.spec.programArguments,
        home: this.spec.environment['HERMES_HOME'] ?? null,
      },
      result.t,
    );
    result.child.once('exit', (code, signal) => this.onExit(result.pid, code, signal));
    this.resolveWaiters({ kind: 'spawned', pid: result.pid });
  }

  /** No process: launchd could not spawn the program (an exit code, 78), or the system refused it (an exit reason). */
  private spawnFailed(exit: LastExit, reason: string, t: number): void {
    this.ctx.log.append({ type: 'spawn-failed', domain: this.domain, label: this.label, reason }, t);
    this.lastExit = exit;
    this.outcome = 'spawn failed';
    this.successiveCrashes = exit.kind === 'reason' ? this.successiveCrashes + 1 : 0;
    this.resolveWaiters({ kind: 'failed' });
    this.afterExit(false, RETRY_FLOOR_MS);
  }

  private onExit(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    this.ctx.log.append({ type: 'exit', domain: this.domain, label: this.label, pid, code, signal });
    this.child = null;
    this.pid = null;
    this.lastExit = signal !== null ? { kind: 'signal', signal } : { kind: 'code', code: code ?? 0 };
    this.outcome = 'exited';
    this.clearKillTimer();
    if (!this.spec.abandonProcessGroup) this.sendSignal(-pid, 'SIGTERM');
    const launchdStoppedIt = this.stopRequested;
    this.stopRequested = false;
    this.successiveCrashes = signal !== null && !launchdStoppedIt ? this.successiveCrashes + 1 : 0;
    if (this.removing) {
      this.finishRemoval();
      return;
    }
    this.afterExit(launchdStoppedIt);
  }

  /** Decides what follows an exit or a failed spawn. */
  private afterExit(launchdStoppedIt: boolean, minDelayMs = 0): void {
    this.state = 'not running';
    if (this.restartAfterExit) {
      this.restartAfterExit = false;
      this.requestSpawn(minDelayMs);
    } else if (!launchdStoppedIt && respawnsAfter(this.spec, this.lastExit)) {
      this.requestSpawn(minDelayMs);
    }
  }

  private finishRemoval(): void {
    if (this.removed) return;
    this.removed = true;
    this.clearKillTimer();
    this.onRemoved?.();
  }

  private resolveWaiters(outcome: SpawnOutcome): void {
    const waiters = this.spawnWaiters;
    this.spawnWaiters = [];
    for (const resolve of waiters) resolve(outcome);
  }

  /** No spawn scheduled, none in xpcproxy. */
  private clearSpawnTimer(): void {
    if (this.spawnTimer !== null) clearTimeout(this.spawnTimer);
    if (this.execTimer !== null) clearTimeout(this.execTimer);
    this.spawnTimer = null;
    this.execTimer = null;
  }

  private clearKillTimer(): void {
    if (this.killTimer !== null) clearTimeout(this.killTimer);
    this.killTimer = null;
  }
}
