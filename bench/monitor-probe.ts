/**
 * A process that does what the app's main process does for status: one engine and one
 * StatusMonitor with the production timing. The bench forks it (environment: a simulated Mac),
 * hears every push, and asks it for its own CPU time and memory over a window.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createEngine } from '../electron/service/engine.js';
import { StatusMonitor } from '../electron/service/monitor.js';
import { readSettings } from '../electron/service/settings.js';
import { monotonicMicros } from '../test/sim/clock.js';
import type { ProbeMessage, ProbeRequest } from './probe-protocol.js';

const monitor = new StatusMonitor(createEngine(readSettings(process.env)));

function send(message: ProbeMessage): void {
  // A look still running when the bench said stop may finish after the channel closed.
  if (process.connected) process.send?.(message);
}

monitor.onChange((snapshot) => send({ type: 'status', t: monotonicMicros(), pid: snapshot.status?.pid ?? null, state: snapshot.status?.state ?? null }));

async function window(active: boolean, ms: number, sliceMs: number): Promise<void> {
  monitor.setActive(active);
  const from = monotonicMicros();
  const cpuPercent: number[] = [];
  const rssMB: number[] = [];
  for (let elapsed = 0; elapsed < ms; elapsed += sliceMs) {
    const cpu = process.cpuUsage();
    const started = monotonicMicros();
    await sleep(sliceMs);
    const used = process.cpuUsage(cpu);
    cpuPercent.push(((used.user + used.system) / (monotonicMicros() - started)) * 100);
    rssMB.push(process.memoryUsage().rss / 2 ** 20);
  }
  send({ type: 'window', from, to: monotonicMicros(), cpuPercent, rssMB });
}

process.on('message', (raw: ProbeRequest) => {
  switch (raw.type) {
    case 'start':
      void monitor.start().then(() => send({ type: 'started' }));
      break;
    case 'window':
      void window(raw.active, raw.ms, raw.sliceMs);
      break;
    case 'stop':
      monitor.stop();
      process.disconnect();
      break;
  }
});
