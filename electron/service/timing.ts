/** Every deadline and poll interval of the engine, in one place. */
export interface Timing {
  /** Between two launchctl looks while nothing else says when to look (bootstrap retries, a record going away). */
  pollMs: number;
  /** Between two launchctl looks while the gateway's own files say when to look: the safety net. */
  safetyPollMs: number;
  /** Between two checks that spawn nothing (is a pid alive): waiting for a process to exit. */
  livenessMs: number;
  /** From a load or kickstart to a pid. */
  spawnMs: number;
  /** From a pid to the gateway saying "running". */
  bootMs: number;
  /** How long a gateway that writes no state file must stay alive to count as started. */
  settleMs: number;
  /** Bootstrap retries (5, 37) while a bootout finishes. */
  teardownMs: number;
  /** A gateway's drain after SIGUSR1. */
  drainMs: number;
  /** SIGTERM to SIGKILL for gateways launchd does not own. */
  killGraceMs: number;
  /** Waiting for another operation on the same gateway. */
  lockWaitMs: number;
  /** Multiplies the plist's own seconds (ThrottleInterval, ExitTimeOut). */
  scale: number;
}

export function timing(scale: number): Timing {
  const s = (ms: number): number => Math.round(ms * scale);
  return {
    pollMs: Math.max(20, s(100)),
    safetyPollMs: Math.max(50, s(1_000)),
    livenessMs: Math.max(5, s(20)),
    spawnMs: s(5_000),
    bootMs: s(60_000),
    settleMs: s(2_000),
    teardownMs: s(15_000),
    drainMs: s(30_000),
    killGraceMs: s(10_000),
    lockWaitMs: Math.max(s(180_000), 30_000),
    scale,
  };
}

/** A plist's seconds, as this engine waits for them. */
export function plistSeconds(t: Timing, seconds: number): number {
  return Math.round(seconds * 1000 * t.scale);
}
