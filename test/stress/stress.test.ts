/**
 * The bounded stress run of every test run: a fixed seed, so a failure here replays with
 * `npm run stress -- --runs N --seed 20261121`, and prints its minimal sequence.
 */
import { describe, expect, it } from 'vitest';
import { asRegressionTest, runStress } from './runner.js';
import { HERMES_SHAPES } from './steps.js';

const RUNS = Number(process.env.HERMES_BAR_STRESS_RUNS ?? '150');
const SEED = 20261121;

describe('model-based stress (bounded)', () => {
  it(`${RUNS} random sequences of 5 to 30 steps keep every invariant`, { timeout: 60 * 60_000 }, async () => {
    const figures = await runStress({ runs: RUNS, seed: SEED });
    const failure = figures.counterexample;
    expect(failure, failure ? `${failure.error}\n${asRegressionTest(failure.sequence, failure.error)}` : '').toBeNull();
    expect(figures.sequences).toBe(RUNS);
    expect(figures.violations).toBe(0);
    // the run exercised what it claims to, against every Hermes install
    for (const shape of HERMES_SHAPES) expect(figures.hermes[shape] ?? 0, shape).toBeGreaterThan(0);
    const kinds = ['crash gateway', 'crash launchd', 'kill-cli', 'login race', 'plist delete', 'plist old-install', 'launcher move', 'hermes gateway start', 'launchctl 5', 'launchctl 37', 'gateway crash-loop', 'gateway hang-on-term', 'gateway wedged'];
    for (const kind of kinds) expect(figures.faults[kind] ?? 0, kind).toBeGreaterThan(0);
  });
});
