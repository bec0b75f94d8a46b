/**
 * Item 7: the model-based stress run's throughput (steps per second, and seconds per sequence), so
 * the bounded run's share of `npm test` is known. Each repeat is a fixed seed, so two bench runs
 * time the same sequences.
 */
import { runStress } from '../test/stress/runner.js';
import type { Figures } from './figures.js';
import { summarize } from './stats.js';

export interface StressPlan {
  repeats: number;
  sequences: number;
}

const FIRST_SEED = 20261121;

export async function measureStress(plan: StressPlan): Promise<Figures> {
  const stepsPerSecond: number[] = [];
  const secondsPerSequence: number[] = [];
  for (let i = 0; i < plan.repeats; i += 1) {
    const figures = await runStress({ runs: plan.sequences, seed: FIRST_SEED + i });
    if (figures.counterexample) throw new Error(`the stress run broke an invariant: ${figures.counterexample.error}`);
    stepsPerSecond.push(figures.steps / figures.seconds);
    secondsPerSequence.push(figures.seconds / figures.sequences);
  }
  return { 'stress.stepsPerSecond': summarize(stepsPerSecond), 'stress.secondsPerSequence': summarize(secondsPerSequence) };
}
