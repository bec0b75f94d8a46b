/**
 * Keeps the selected gateway's status fresh and pushes every change: the one data flow of
 * DESIGN.md (a change → the engine's status → one push). Event-driven where it can be — the plist
 * folder, the gateway's own files, the gateway's pid — with a slow launchctl poll as the safety
 * net, faster while someone is looking.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Engine } from './engine.js';
import { toErrorInfo } from './errors.js';
import { pidFilePath, readGatewayState, stateFilePath } from './hermes/gateway-files.js';
import { isAlive } from './processes.js';
import type { Operation, OperationResponse, StatusSnapshot } from './types.js';

export interface MonitorTiming {
  /** Full look (launchctl) while nobody watches the popover. */
  idlePollMs: number;
  /** Full look while the popover is open. */
  activePollMs: number;
  /** Cheap liveness check of the gateway's pid (a signal 0, no process spawned). */
  pidCheckMs: number;
  /** Bursts of file events become one look. */
  debounceMs: number;
}

export const DEFAULT_MONITOR_TIMING: MonitorTiming = { idlePollMs: 15_000, activePollMs: 2_000, pidCheckMs: 250, debounceMs: 50 };

type Listener = (snapshot: StatusSnapshot) => void;

export interface OperationEvent {
  profile: string | null;
  operation: Operation;
  phase: 'started' | 'finished';
}

export class StatusMonitor {
  private current: StatusSnapshot;
  private readonly listeners = new Set<Listener>();
  private readonly operationListeners = new Set<(event: OperationEvent) => void>();
  private watchers: FSWatcher[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private pidTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private inFlight: Promise<StatusSnapshot> | null = null;
  private again = false;
  private active = false;
  private running = false;

  constructor(
    private readonly engine: Engine,
    private readonly timing: MonitorTiming = DEFAULT_MONITOR_TIMING,
    profile: string | null = null,
  ) {
    this.current = { profile, status: null, error: null, busy: null, checkedAt: 0 };
  }

  get snapshot(): StatusSnapshot {
    return this.current;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Operations starting and finishing on any gateway (for progress and notifications). */
  onOperation(listener: (event: OperationEvent) => void): () => void {
    this.operationListeners.add(listener);
    return () => this.operationListeners.delete(listener);
  }

  async start(): Promise<StatusSnapshot> {
    this.running = true;
    const first = await this.refresh();
    this.schedulePoll();
    this.pidTimer = setInterval(() => this.checkPid(), this.timing.pidCheckMs);
    this.pidTimer.unref();
    return first;
  }

  stop(): void {
    this.running = false;
    for (const timer of [this.pollTimer, this.debounceTimer]) if (timer) clearTimeout(timer);
    if (this.pidTimer) clearInterval(this.pidTimer);
    this.closeWatchers();
  }

  /** Switches to another gateway (profile) and looks at it at once. */
  async select(profile: string | null): Promise<StatusSnapshot> {
    if (profile !== this.current.profile) {
      this.closeWatchers();
      this.publish({ profile, status: null, error: null, busy: null, checkedAt: 0 });
    }
    return this.refresh();
  }

  /** The popover opened or closed: poll faster while it is open, and look now when it opens. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) void this.refresh();
    this.schedulePoll();
  }

  /** One look; concurrent calls share it, and a call during a look causes one more after it. */
  refresh(): Promise<StatusSnapshot> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.look().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  /**
   * Runs an operation on a gateway, pushing `busy` while it runs and the result's status after.
   * Failures come back as data (the same error object the CLI prints), never as a throw.
   */
  async run(operation: Operation, profile: string | null): Promise<OperationResponse> {
    const selected = profile === this.current.profile;
    const announce = (phase: OperationEvent['phase']): void => {
      for (const listener of this.operationListeners) listener({ profile, operation, phase });
    };
    announce('started');
    if (selected) this.publish({ ...this.current, busy: operation });
    try {
      const result = await this.engine.run(operation, profile);
      if (selected) this.publish({ profile, status: result.status, error: null, busy: null, checkedAt: result.status.checkedAt });
      return result;
    } catch (error) {
      if (selected) this.publish({ ...this.current, busy: null });
      // A failed operation may have changed things half-way: look again (a stopped monitor does not look).
      if (this.running) void this.refresh();
      return { operation, ok: false, error: toErrorInfo(error) };
    } finally {
      announce('finished');
    }
  }

  private async look(): Promise<StatusSnapshot> {
    const profile = this.current.profile;
    let next: StatusSnapshot;
    try {
      const status = await this.engine.status(profile);
      next = { profile, status, error: null, busy: this.current.busy, checkedAt: status.checkedAt };
    } catch (error) {
      next = { profile, status: null, error: toErrorInfo(error), busy: this.current.busy, checkedAt: Date.now() };
    }
    if (profile !== this.current.profile) return this.current; // the user switched meanwhile
    this.publish(next);
    if (this.running && this.watchers.length === 0 && next.status) this.watch(next.status.home, next.status.plistPath);
    return next;
  }

  private publish(snapshot: StatusSnapshot): void {
    this.current = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  private soon(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.refresh();
    }, this.timing.debounceMs);
  }

  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (!this.running) return;
    this.pollTimer = setTimeout(
      () => {
        void this.refresh().finally(() => this.schedulePoll());
      },
      this.active ? this.timing.activePollMs : this.timing.idlePollMs,
    );
    this.pollTimer.unref();
  }

  private checkPid(): void {
    const pid = this.current.status?.pid;
    if (pid && !isAlive(pid)) void this.refresh();
  }

  /**
   * The gateway rewrites its state file often (a heartbeat): that only re-reads the file, not
   * launchctl. A new gateway state (starting → running, draining) changes the status's own state,
   * which comes from a full look.
   */
  private async rereadGatewayFile(): Promise<void> {
    const status = this.current.status;
    if (!status) return;
    const gateway = await readGatewayState(status.home);
    if (this.current.status !== status) return;
    if (gateway?.state !== status.gateway?.state) {
      this.soon();
      return;
    }
    this.publish({ ...this.current, status: { ...status, gateway } });
  }

  private watch(home: string, plistPath: string): void {
    const add = (dir: string, onFile: (name: string) => void): void => {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => onFile(String(name ?? '')));
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // A folder that does not exist yet: the poll covers it.
      }
    };
    const plistName = path.basename(plistPath);
    add(path.dirname(plistPath), (name) => {
      if (name === plistName || name === '') this.soon();
    });
    const pidName = path.basename(pidFilePath(home));
    const stateName = path.basename(stateFilePath(home));
    add(home, (name) => {
      if (name === pidName) this.soon();
      else if (name === stateName) void this.rereadGatewayFile();
    });
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}
