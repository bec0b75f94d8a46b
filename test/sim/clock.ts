/** CLOCK_MONOTONIC in microseconds, comparable across processes on one machine. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** CLOCK_MONOTONIC in milliseconds (fractional), for in-process timing. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
