export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns a value other than undefined, or the deadline passes (then
 * returns undefined). The first probe runs at once.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, deadlineMs: number, everyMs: number): Promise<T | undefined> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(everyMs, Math.max(0, deadline - Date.now())));
  }
}
