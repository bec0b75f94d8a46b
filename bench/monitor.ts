/**
 * Items 3 and 4: how fast the status monitor notices a killed gateway, and what it costs while
 * the gateway is healthy, with the popover closed and open. The monitor runs in a process of its
 * own (bench/monitor-probe.ts), as it does in the app, so its CPU time and memory are its own.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { monotonicMicros } from '../test/sim/clock.js';
import type { Figures } from './figures.js';
import type { ProbeMessage, ProbeRequest } from './probe-protocol.js';
import type { Rig } from './rig.js';
import { commandsBetween, withRig } from './rig.js';
import { summarize } from './stats.js';

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'monitor-probe.js');
const DEADLINE_MS = 30_000;
/** launchd respawns at once only after a gateway has run for its ThrottleInterval (0.6 s here). */
const SIM_SCALE = 0.02;
const UPTIME_BEFORE_KILL_MS = 800;

type StatusMessage = Extract<ProbeMessage, { type: 'status' }>;
type WindowMessage = Extract<ProbeMessage, { type: 'window' }>;

/** The probe process and the messages it sent. */
class Probe {
  readonly statuses: StatusMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private lastWindow: WindowMessage | null = null;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ProbeMessage) => {
      if (message.type === 'status') this.statuses.push(message);
      if (message.type === 'window') this.lastWindow = message;
      for (const wake of this.waiters) wake();
    });
  }

  static async start(env: Record<string, string>): Promise<Probe> {
    const probe = new Probe(fork(PROBE, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    probe.send({ type: 'start' });
    await probe.until('a first status', () => probe.statuses.length > 0);
    return probe;
  }

  send(request: ProbeRequest): void {
    this.child.send(request);
  }

  /** Resolves when `check` holds after some message; fails after the deadline. */
  async until<T>(what: string, check: () => T | undefined | false, withinMs = DEADLINE_MS): Promise<T> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) {
        const last = this.statuses.slice(-3).map((s) => `${s.state} ${s.pid}`);
        throw new Error(`bench: the monitor never showed ${what} (its last pushes: ${last.join(', ') || 'none'})`);
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 1_000);
        this.waiters.add(wake);
      });
    }
  }

  latest(): StatusMessage | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  async window(active: boolean, ms: number, sliceMs: number): Promise<WindowMessage> {
    this.lastWindow = null;
    this.send({ type: 'window', active, ms, sliceMs });
    return this.until('the end of a window', () => this.lastWindow ?? undefined, ms + DEADLINE_MS);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The running gateway the monitor shows, once it shows one. */
function runningPid(probe: Probe, not: number | null = null): number | undefined {
  const last = probe.latest();
  return last?.state === 'running' && last.pid !== null && last.pid !== not ? last.pid : undefined;
}

async function detectCrash(probe: Probe): Promise<number> {
  const pid = await probe.until('a running gateway', () => runningPid(probe));
  await sleep(UPTIME_BEFORE_KILL_MS);
  const seen = probe.statuses.length;
  const killedAt = monotonicMicros();
  process.kill(pid, 'SIGKILL');
  const push = await probe.until(`pid ${pid} gone`, () => probe.statuses.slice(seen).find((s) => s.pid !== pid || s.state !== 'running'));
  // launchd respawns it (KeepAlive); the next round starts from the new gateway.
  await probe.until('the respawned gateway running', () => runningPid(probe, pid));
  return (push.t - killedAt) / 1000;
}

async function idleWindow(rig: Rig, probe: Probe, popover: 'closed' | 'open', windowMs: number, sliceMs: number): Promise<Figures> {
  const window = await probe.window(popover === 'open', windowMs, sliceMs);
  const calls = commandsBetween(await rig.sim.events(), window.from, window.to);
  return {
    [`idle.${popover}.launchctlCalls`]: summarize([(calls * 60_000_000) / (window.to - window.from)]),
    [`idle.${popover}.cpuPercent`]: summarize(window.cpuPercent),
    [`idle.${popover}.rssMB`]: summarize(window.rssMB),
  };
}

export interface MonitorPlan {
  crashes: number;
  /** Quiet time after the crashes, so the idle windows see a healthy gateway and a settled monitor. */
  settleMs: number;
  /** Each idle window (60 s in a full run). */
  windowMs: number;
  sliceMs: number;
}

export async function measureMonitor(plan: MonitorPlan): Promise<Figures> {
  return withRig({ simScale: SIM_SCALE, standin: { bootMs: 200 } }, async (rig) => {
    await rig.engine.run('start', null);
    const probe = await Probe.start(rig.env);
    try {
      const detections: number[] = [];
      for (let i = 0; i < plan.crashes; i += 1) detections.push(await detectCrash(probe));
      await sleep(plan.settleMs);
      return {
        'crash.detectMs': summarize(detections),
        ...(await idleWindow(rig, probe, 'closed', plan.windowMs, plan.sliceMs)),
        ...(await idleWindow(rig, probe, 'open', plan.windowMs, plan.sliceMs)),
      };
    } finally {
      await probe.stop();
    }
  });
}
