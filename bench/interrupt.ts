/** What to stop when the bench is interrupted (Ctrl-C): no simulated launchd, gateway or browser is left behind. */
const stops = new Set<() => Promise<void>>();

/** Runs `body`; if the bench is interrupted meanwhile, `stop` runs before it exits. */
export async function stoppedOnInterrupt<T>(stop: () => Promise<void>, body: () => Promise<T>): Promise<T> {
  stops.add(stop);
  try {
    return await body();
  } finally {
    stops.delete(stop);
  }
}

export function exitOnInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping what it started\n`);
      void Promise.allSettled([...stops].map((stop) => stop())).finally(() => process.exit(130));
    });
  }
}
