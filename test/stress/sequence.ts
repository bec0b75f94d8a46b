/**
 * Runs one sequence of steps against a fresh world, checking every invariant after each step and
 * over the event logs at the end. The first violation ends the sequence with a StressViolation.
 */
import { gatewayIntervals, overlappingGateways } from '../support/invariants.js';
import type { Violation } from './checks.js';
import { atMostOneGateway, keptPromise, lockReleased, noUnhandledErrors, plistKept, wellFormedFailure } from './checks.js';
import type { Step } from './steps.js';
import { describeStep, faultKind } from './steps.js';
import type { Outcome } from './world.js';
import { World } from './world.js';

export interface SequenceFigures {
  steps: number;
  /** Steps by fault kind (operations are counted in `operations`). */
  faults: Record<string, number>;
  operations: { ok: number; failed: Record<string, number> };
  /** Milliseconds spent per step kind, checks included. */
  msByKind: Record<string, number>;
}

export class StressViolation extends Error {
  constructor(
    readonly violations: Violation[],
    readonly steps: readonly Step[],
    readonly atStep: number | null,
  ) {
    const where = atStep === null ? 'over the whole sequence' : `after step ${atStep + 1} (${describeStep(steps[atStep] as Step)})`;
    super(`${violations.map((v) => `${v.invariant}: ${v.detail}`).join('\n')}\n  ${where}`);
    this.name = 'StressViolation';
  }
}

/** Unhandled rejections and exceptions of this process while a sequence runs. */
class UnhandledErrors {
  readonly seen: string[] = [];
  private readonly onError = (error: unknown): void => {
    this.seen.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  };

  listen(): void {
    process.on('unhandledRejection', this.onError);
    process.on('uncaughtException', this.onError);
  }

  stop(): void {
    process.off('unhandledRejection', this.onError);
    process.off('uncaughtException', this.onError);
  }
}

function emptyFigures(): SequenceFigures {
  return { steps: 0, faults: {}, operations: { ok: 0, failed: {} }, msByKind: {} };
}

function count(figures: SequenceFigures, step: Step, outcomes: readonly Outcome[]): void {
  figures.steps += 1;
  const fault = faultKind(step);
  if (fault !== null) figures.faults[fault] = (figures.faults[fault] ?? 0) + 1;
  for (const outcome of outcomes) {
    if (outcome.response?.ok) figures.operations.ok += 1;
    else {
      const code = outcome.response?.error.code ?? 'cli-contract';
      figures.operations.failed[code] = (figures.operations.failed[code] ?? 0) + 1;
    }
  }
}

/** Runs one step; returns the operations it ran (with their answers). */
async function perform(world: World, step: Step): Promise<Outcome[]> {
  switch (step.kind) {
    case 'op':
      return [await world.run(step.call)];
    case 'concurrent':
      return Promise.all(step.calls.map((call) => world.run(call)));
    case 'login': {
      const outcome = await world.login();
      return outcome === null ? [] : [outcome];
    }
    case 'crash':
      world.crashGateway();
      return [];
    case 'gateway':
      await world.gatewayBehaviour(step.behaviour);
      return [];
    case 'plist':
      await world.damagePlist(step.damage);
      return [];
    case 'launcher':
      await world.moveLauncher(step.action);
      return [];
    case 'disable':
      await world.disable();
      return [];
    case 'inject':
      await world.inject(step.command, step.exit, step.times);
      return [];
    case 'slow-bootout':
      await world.slowBootout(step.ms);
      return [];
    case 'kill-cli':
      await world.killCli(step.op, step.afterMs);
      return [];
    case 'wait':
      await new Promise((resolve) => setTimeout(resolve, step.ms));
      return [];
  }
}

/** The damage steps destroy the plist themselves: losing it there is the fault, not the engine. */
function destroysPlist(step: Step): boolean {
  return step.kind === 'plist' && step.damage !== 'group-writable';
}

async function afterStep(world: World, step: Step, outcomes: Outcome[], staleLockAllowed: boolean, plistBefore: Buffer | null, errors: UnhandledErrors): Promise<Violation[]> {
  const live = world.liveGateways();
  const intervals = gatewayIntervals(await world.sim.events(), await world.standinEvents());
  const lastEnded = Math.max(...outcomes.map((o) => o.endedAt));
  return [
    ...atMostOneGateway(live),
    ...outcomes.flatMap((o) => keptPromise(o, intervals, world.home, o.endedAt === lastEnded ? live : null)),
    ...outcomes.flatMap(wellFormedFailure),
    ...(destroysPlist(step) ? [] : plistKept(plistBefore, await world.plistBytes(), await world.backups())),
    ...lockReleased(world.lockFile, staleLockAllowed),
    ...noUnhandledErrors(errors.seen),
  ];
}

/** Runs `steps` against a fresh world; throws StressViolation at the first broken invariant. */
export async function runSequence(steps: readonly Step[]): Promise<SequenceFigures> {
  const figures = emptyFigures();
  const errors = new UnhandledErrors();
  errors.listen();
  const world = await World.create();
  try {
    let staleLockAllowed = false;
    for (const [index, step] of steps.entries()) {
      const began = performance.now();
      const plistBefore = await world.plistBytes();
      const outcomes = await perform(world, step);
      if (step.kind === 'kill-cli') staleLockAllowed = true;
      else if (outcomes.length > 0) staleLockAllowed = false;
      count(figures, step, outcomes);
      const violations = await afterStep(world, step, outcomes, staleLockAllowed, plistBefore, errors);
      if (violations.length > 0) throw new StressViolation(violations, steps, index);
      const kind = step.kind === 'op' ? `op ${step.call.via}` : step.kind;
      figures.msByKind[kind] = (figures.msByKind[kind] ?? 0) + (performance.now() - began);
    }
    // Give launchd's own respawns a moment, then judge the whole history.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const intervals = gatewayIntervals(await world.sim.events(), await world.standinEvents());
    const pairs = overlappingGateways(intervals);
    if (pairs.length > 0) {
      const detail = pairs.map(([a, b]) => `pids ${a.pid} (${a.source}) and ${b.pid} (${b.source})`).join('; ');
      throw new StressViolation([{ invariant: 'two-gateways', detail: `the event logs show two gateways at once: ${detail}` }], steps, null);
    }
    return figures;
  } finally {
    errors.stop();
    await world.dispose();
  }
}
