/**
 * Runs one sequence of steps against a fresh world, checking every invariant after each step and
 * over the event logs at the end. The first violation ends the sequence with a StressViolation.
 */
import type { GatewayInterval } from '../support/invariants.js';
import { overlappingGateways, settledLogs, timelineTail } from '../support/invariants.js';
import type { StandinEvent } from '../support/standin.js';
import type { Violation } from './checks.js';
import {
  atMostOneGateway,
  hermesPlistLeftAlone,
  keptPromise,
  lockReleased,
  noUnhandledErrors,
  plistKept,
  wellFormedFailure,
  withoutFaultOrphans,
  writesHermesLayout,
} from './checks.js';
import type { Sequence, Step } from './steps.js';
import { describeStep, faultKind } from './steps.js';
import type { Outcome } from './world.js';
import { World } from './world.js';

export interface SequenceFigures {
  steps: number;
  /** Steps by fault kind (operations are counted in `operations`). */
  faults: Record<string, number>;
  operations: { ok: number; failed: Record<string, number> };
  /** The first message seen of each failure code (what a failure said, for reading the figures). */
  failureExamples: Record<string, string>;
  /** Milliseconds spent per step kind, checks included. */
  msByKind: Record<string, number>;
}

/** With HERMES_BAR_STRESS_TRACE set, each step, its time and its operations' answers go to stderr. */
const TRACE = process.env.HERMES_BAR_STRESS_TRACE !== undefined && process.env.HERMES_BAR_STRESS_TRACE !== '';

export class StressViolation extends Error {
  constructor(
    readonly violations: Violation[],
    readonly sequence: Sequence,
    readonly atStep: number | null,
  ) {
    const step = atStep === null ? 'over the whole sequence' : `after step ${atStep + 1} (${describeStep(sequence.steps[atStep] as Step)})`;
    const where = `${step}, against Hermes ${sequence.hermes}`;
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
  return { steps: 0, faults: {}, operations: { ok: 0, failed: {} }, failureExamples: {}, msByKind: {} };
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
      figures.failureExamples[code] ??= `${outcome.call.op}: ${outcome.response?.error.message ?? outcome.contractBreach ?? ''}`;
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
      await world.crash(step.target);
      return [];
    case 'hermes-start':
      await world.hermesGatewayStart();
      return [];
    case 'gateway':
      await world.gatewayBehaviour(step.behaviour);
      return [];
    case 'plist':
      await world.damagePlist(step.damage);
      return [];
    case 'launcher':
      await world.moveInstall(step.action);
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

/**
 * The damage steps destroy the plist themselves, and Hermes's own CLI rewrites it without a
 * backup: losing it there is the fault, not the engine.
 */
function destroysPlist(step: Step): boolean {
  return (step.kind === 'plist' && step.damage !== 'group-writable') || step.kind === 'hermes-start';
}

/** Steps in which the engine runs (and may write the plist): operations, the app at login, a killed CLI. */
function runsEngine(step: Step): boolean {
  return step.kind === 'op' || step.kind === 'concurrent' || step.kind === 'login' || step.kind === 'kill-cli';
}

/** The plist before a step, and whether it was Hermes's own then. */
interface PlistBefore {
  bytes: Buffer | null;
  hermesOwn: boolean;
}

/** Every gateway's interval, once the logs have caught up with the processes. */
export async function settledIntervals(world: World): Promise<{ intervals: GatewayInterval[]; events: StandinEvent[] }> {
  const { intervals, standinEvents } = await settledLogs(async () => ({ simEvents: await world.sim.events(), standinEvents: await world.standinEvents() }));
  return { intervals, events: standinEvents };
}

/** Two gateways at once: what led there, from both logs, for the failure message. */
async function withTimeline(world: World, violations: Violation[]): Promise<Violation[]> {
  if (!violations.some((v) => v.invariant === 'two-gateways')) return violations;
  const tail = timelineTail(await world.sim.events(), await world.standinEvents());
  return [...violations, { invariant: 'two-gateways', detail: `the logs up to now:\n${tail.join('\n')}` }];
}

async function afterStep(world: World, step: Step, outcomes: Outcome[], staleLockAllowed: boolean, before: PlistBefore, errors: UnhandledErrors): Promise<Violation[]> {
  const live = world.liveGateways();
  const { intervals } = await settledIntervals(world);
  const lastEnded = Math.max(...outcomes.map((o) => o.endedAt));
  const after = await world.plistBytes();
  return [
    ...atMostOneGateway(live),
    ...outcomes.flatMap((o) => keptPromise(o, intervals, world.home, o.endedAt === lastEnded ? live : null)),
    ...outcomes.flatMap(wellFormedFailure),
    ...(destroysPlist(step) ? [] : plistKept(before.bytes, after, await world.backups())),
    ...(runsEngine(step) ? [...hermesPlistLeftAlone(before.bytes, before.hermesOwn, after), ...writesHermesLayout(before.bytes, after, world.hermesPlist)] : []),
    ...lockReleased(world.lockFile, staleLockAllowed),
    ...noUnhandledErrors(errors.seen),
  ];
}

/** Runs a sequence against a fresh world; throws StressViolation at the first broken invariant. */
export async function runSequence(sequence: Sequence): Promise<SequenceFigures> {
  const { steps } = sequence;
  const figures = emptyFigures();
  const errors = new UnhandledErrors();
  errors.listen();
  const created = performance.now();
  const world = await World.create(sequence.hermes);
  if (TRACE) process.stderr.write(`stress [${sequence.hermes}] world ready: ${Math.round(performance.now() - created)} ms\n`);
  try {
    let staleLockAllowed = false;
    for (const [index, step] of steps.entries()) {
      const began = performance.now();
      const bytes = await world.plistBytes();
      const before = { bytes, hermesOwn: world.isHermesOwn(bytes) };
      const outcomes = await perform(world, step);
      if (step.kind === 'kill-cli') staleLockAllowed = true;
      else if (outcomes.length > 0) staleLockAllowed = false;
      count(figures, step, outcomes);
      const violations = await withTimeline(world, await afterStep(world, step, outcomes, staleLockAllowed, before, errors));
      if (violations.length > 0) throw new StressViolation(violations, sequence, index);
      const kind = step.kind === 'op' ? `op ${step.call.via}` : step.kind;
      const ms = performance.now() - began;
      figures.msByKind[kind] = (figures.msByKind[kind] ?? 0) + ms;
      if (TRACE) {
        const answers = outcomes.map((o) => (o.response?.ok ? `ok ${o.response.status.pid}` : (o.response?.error.code ?? 'cli-contract')));
        process.stderr.write(`stress [${sequence.hermes}] ${index + 1}. ${describeStep(step)}: ${Math.round(ms)} ms${answers.length > 0 ? ` → ${answers.join(', ')}` : ''}\n`);
      }
    }
    // Give launchd's own respawns a moment, then judge the whole history.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { intervals: all, events } = await settledIntervals(world);
    const intervals = withoutFaultOrphans(all, events, world.faultEndedJobs);
    const pairs = overlappingGateways(intervals);
    if (pairs.length > 0) {
      const detail = pairs.map(([a, b]) => `pids ${a.pid} (${a.source}) and ${b.pid} (${b.source})`).join('; ');
      throw new StressViolation(await withTimeline(world, [{ invariant: 'two-gateways', detail: `the event logs show two gateways at once: ${detail}` }]), sequence, null);
    }
    return figures;
  } finally {
    errors.stop();
    await world.dispose();
  }
}
