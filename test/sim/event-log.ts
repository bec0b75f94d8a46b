import { appendFileSync } from 'node:fs';
import { monotonicMicros } from './clock.js';
import type { SimEvent, WithoutTime } from './types.js';

/** Appends simulator events to `events.jsonl`, synchronously, one JSON object a line. */
export class EventLog {
  constructor(private readonly file: string) {}

  /** Logs an event stamped now, or at `t` when the caller took the time earlier. */
  append(event: WithoutTime<SimEvent>, t: number = monotonicMicros()): void {
    const line = `${JSON.stringify({ t, ...event })}\n`;
    try {
      appendFileSync(this.file, line);
    } catch {
      // the state directory is being removed: the daemon is about to exit
    }
  }
}
