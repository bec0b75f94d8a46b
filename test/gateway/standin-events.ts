import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicMicros } from '../sim/clock.js';
import type { StandinEvent } from './types.js';

export const STANDIN_EVENTS_FILE = 'standin-events.jsonl';

/** Appends one event to `$HERMES_HOME/standin-events.jsonl`. */
export function appendStandinEvent(home: string, event: Omit<StandinEvent, 't'>): void {
  try {
    appendFileSync(join(home, STANDIN_EVENTS_FILE), `${JSON.stringify({ t: monotonicMicros(), ...event })}\n`);
  } catch {
    // the home is being removed
  }
}
