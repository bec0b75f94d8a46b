/**
 * The model-based stress run: fast-check generates sequences of 5 to 30 steps, runs each against
 * a fresh world, and shrinks a failing one to a minimal sequence, printed as a regression test.
 */
import fc from 'fast-check';
import { runSequence, StressViolation } from './sequence.js';
import type { SequenceFigures } from './sequence.js';
import type { Sequence } from './steps.js';
import { describeStep, sequenceArbitrary } from './steps.js';

export interface StressOptions {
  runs: number;
  seed: number;
  /** Called after each sequence (progress). */
  onSequence?: (done: number, figures: StressFigures) => void;
}

export interface StressFigures {
  seed: number;
  /** Generated sequences (shrink attempts not counted). */
  sequences: number;
  /** Re-runs while shrinking a failing sequence. */
  shrinks: number;
  /** Steps run, shrink attempts included. */
  steps: number;
  /** Seconds of wall time. */
  seconds: number;
  faults: Record<string, number>;
  /** Generated sequences by the Hermes install they ran against (shrink attempts not counted). */
  hermes: Record<string, number>;
  operations: { ok: number; failed: Record<string, number> };
  /** The first message seen of each failure code. */
  failureExamples: Record<string, string>;
  msByKind: Record<string, number>;
  /** Sequences that broke an invariant, counting shrink attempts that still failed. */
  violations: number;
  /** The minimal failing sequence and what it broke, when there was one. */
  counterexample: { sequence: Sequence; error: string } | null;
}

/** Adds counts by name into `into`. */
export function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

export async function runStress(options: StressOptions): Promise<StressFigures> {
  const started = performance.now();
  const figures: StressFigures = {
    seed: options.seed,
    sequences: 0,
    shrinks: 0,
    steps: 0,
    seconds: 0,
    faults: {},
    hermes: {},
    operations: { ok: 0, failed: {} },
    failureExamples: {},
    msByKind: {},
    violations: 0,
    counterexample: null,
  };
  const record = (run: SequenceFigures): void => {
    figures.steps += run.steps;
    addCounts(figures.faults, run.faults);
    figures.operations.ok += run.operations.ok;
    addCounts(figures.operations.failed, run.operations.failed);
    figures.failureExamples = { ...run.failureExamples, ...figures.failureExamples };
    addCounts(figures.msByKind, run.msByKind);
  };

  let runs = 0;
  let shrinking = false;
  const property = fc.asyncProperty(sequenceArbitrary, async (sequence) => {
    runs += 1;
    if (!shrinking) figures.hermes[sequence.hermes] = (figures.hermes[sequence.hermes] ?? 0) + 1;
    const index = runs - 1;
    try {
      const run = await runSequence(sequence);
      // Where the first failure of each kind happened, so a suspicious one can be replayed alone
      // (fc.sample(sequenceArbitrary, { seed, numRuns: index + 1 })[index] is the same sequence).
      if (!shrinking) for (const code of Object.keys(run.failureExamples)) run.failureExamples[code] += ` [seed ${options.seed}, sequence ${index}]`;
      record(run);
    } catch (error) {
      figures.violations += 1;
      shrinking = true;
      if (error instanceof StressViolation) record({ steps: (error.atStep ?? sequence.steps.length - 1) + 1, faults: {}, operations: { ok: 0, failed: {} }, failureExamples: {}, msByKind: {} });
      throw error;
    } finally {
      options.onSequence?.(runs, figures);
    }
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed });
  figures.sequences = details.numRuns;
  figures.shrinks = details.numShrinks;
  if (details.failed && details.counterexample !== null) {
    const [sequence] = details.counterexample;
    figures.counterexample = { sequence, error: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance) };
  }
  figures.seconds = Math.round((performance.now() - started) / 100) / 10;
  return figures;
}

/** A failing sequence as a test the regression file can take as it is. */
export function asRegressionTest(sequence: Sequence, error: string): string {
  const lines = sequence.steps.map((step) => `        ${JSON.stringify(step)}, // ${describeStep(step)}`);
  return [
    `  it('${error.split('\n')[0]?.replace(/'/g, '’').slice(0, 100)}', async () => {`,
    '    await runSequence({',
    `      hermes: '${sequence.hermes}',`,
    '      steps: [',
    ...lines,
    '      ],',
    '    });',
    '  });',
  ].join('\n');
}
