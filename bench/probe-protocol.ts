/** Messages between the bench and the process running the status monitor (bench/monitor-probe.ts). */
import type { GatewayState } from '../electron/service/types.js';

export type ProbeRequest =
  | { type: 'start' }
  /** Holds the popover open or closed for `ms`, reporting CPU and memory every `sliceMs`. */
  | { type: 'window'; active: boolean; ms: number; sliceMs: number }
  | { type: 'stop' };

export type ProbeMessage =
  | { type: 'started' }
  /** One push of the monitor; `t` in µs of CLOCK_MONOTONIC (comparable with the simulator's events). */
  | { type: 'status'; t: number; pid: number | null; state: GatewayState | null }
  | {
      type: 'window';
      /** µs of CLOCK_MONOTONIC. */
      from: number;
      to: number;
      /** CPU time of this process per slice, in % of one core. */
      cpuPercent: number[];
      rssMB: number[];
    };
