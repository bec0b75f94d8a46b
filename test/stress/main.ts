/**
 * `npm run stress -- --runs N [--seed S] [--workers K] [--json]`: the model-based stress run.
 * Workers are separate processes, each with its own seed (seed, seed+1, ...); their figures add up.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asRegressionTest, runStress } from './runner.js';
import type { StressFigures } from './runner.js';

interface Args {
  runs: number;
  seed: number;
  workers: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 100, seed: Date.now() % 2 ** 31, workers: 1, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--json') args.json = true;
    else if ((flag === '--runs' || flag === '--seed' || flag === '--workers') && Number.isInteger(value) && value >= 0) {
      args[flag.slice(2) as 'runs' | 'seed' | 'workers'] = value;
      i += 1;
    } else {
      process.stderr.write(`stress: unknown or bad argument ${flag}\nusage: npm run stress -- --runs N [--seed S] [--workers K] [--json]\n`);
      process.exit(2);
    }
  }
  args.workers = Math.max(1, Math.min(args.workers, args.runs || 1));
  return args;
}

function merge(parts: StressFigures[], seed: number, seconds: number): StressFigures {
  const total: StressFigures = { seed, sequences: 0, shrinks: 0, steps: 0, seconds, faults: {}, operations: { ok: 0, failed: {} }, violations: 0, counterexample: null };
  for (const part of parts) {
    total.sequences += part.sequences;
    total.shrinks += part.shrinks;
    total.steps += part.steps;
    total.violations += part.violations;
    total.operations.ok += part.operations.ok;
    for (const [k, v] of Object.entries(part.faults)) total.faults[k] = (total.faults[k] ?? 0) + v;
    for (const [k, v] of Object.entries(part.operations.failed)) total.operations.failed[k] = (total.operations.failed[k] ?? 0) + v;
    total.counterexample ??= part.counterexample;
  }
  return total;
}

function runWorker(runs: number, seed: number): Promise<StressFigures> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, '--runs', String(runs), '--seed', String(seed), '--json'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as StressFigures);
      } catch {
        reject(new Error(`stress worker (seed ${seed}) failed: ${error?.message ?? ''}\n${stderr}`));
      }
    });
  });
}

function report(figures: StressFigures, workers: number): string {
  const rows = [
    `Stress run: seed ${figures.seed}${workers > 1 ? ` (workers ${workers}: seeds ${figures.seed}..${figures.seed + workers - 1})` : ''}, ${figures.seconds} s`,
    `  sequences          ${figures.sequences} (${figures.shrinks} shrink re-runs)`,
    `  steps              ${figures.steps} (${(figures.steps / Math.max(figures.seconds, 0.001)).toFixed(1)} steps/s)`,
    `  operations ok      ${figures.operations.ok}`,
    `  operations failed  ${Object.values(figures.operations.failed).reduce((a, b) => a + b, 0)} ${JSON.stringify(figures.operations.failed)}`,
    '  faults injected:',
    ...Object.entries(figures.faults)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `    ${kind.padEnd(24)} ${n}`),
    `  violations         ${figures.violations}`,
  ];
  if (figures.counterexample !== null) {
    rows.push('', 'Minimal failing sequence:', figures.counterexample.error, '', 'As a regression test (test/stress/regressions.test.ts):', asRegressionTest(figures.counterexample.steps, figures.counterexample.error));
  }
  return `${rows.join('\n')}\n`;
}

const args = parseArgs(process.argv.slice(2));
const started = performance.now();
let figures: StressFigures;
if (args.workers === 1) {
  figures = await runStress({
    runs: args.runs,
    seed: args.seed,
    onSequence: args.json ? undefined : (done) => process.stderr.write(`\r  ${done}/${args.runs} sequences`),
  });
  if (!args.json) process.stderr.write('\n');
} else {
  const shares = Array.from({ length: args.workers }, (_, i) => Math.floor(args.runs / args.workers) + (i < args.runs % args.workers ? 1 : 0));
  const parts = await Promise.all(shares.map((runs, i) => runWorker(runs, args.seed + i)));
  figures = merge(parts, args.seed, Math.round((performance.now() - started) / 100) / 10);
}
process.stdout.write(args.json ? `${JSON.stringify(figures)}\n` : report(figures, args.workers));
process.exitCode = figures.counterexample === null ? 0 : 1;
