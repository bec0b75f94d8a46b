/**
 * `npm run stress -- --runs N [--seed S] [--workers K] [--out FILE] [--json]`: the model-based
 * stress run. With workers, the runs are cut into chunks of at most 100 sequences, each run by a
 * separate process with its own seed (seed, seed+1, ...); their figures add up, and the total so far
 * is written to FILE after every chunk, so a long run that is stopped still has its figures.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addCounts, asRegressionTest, runStress } from './runner.js';
import type { StressFigures } from './runner.js';

interface Args {
  runs: number;
  seed: number;
  workers: number;
  json: boolean;
  out: string | null;
}

const CHUNK = 100;

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 100, seed: Date.now() % 2 ** 31, workers: 1, json: false, out: null };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--json') args.json = true;
    else if (flag === '--out' && argv[i + 1] !== undefined) {
      args.out = argv[i + 1] ?? null;
      i += 1;
    }
    else if ((flag === '--runs' || flag === '--seed' || flag === '--workers') && Number.isInteger(value) && value >= 0) {
      args[flag.slice(2) as 'runs' | 'seed' | 'workers'] = value;
      i += 1;
    } else {
      process.stderr.write(`stress: unknown or bad argument ${flag}\nusage: npm run stress -- --runs N [--seed S] [--workers K] [--out FILE] [--json]\n`);
      process.exit(2);
    }
  }
  args.workers = Math.max(1, Math.min(args.workers, args.runs || 1));
  return args;
}

function merge(parts: StressFigures[], seed: number, seconds: number): StressFigures {
  const total: StressFigures = { seed, sequences: 0, shrinks: 0, steps: 0, seconds, faults: {}, hermes: {}, operations: { ok: 0, failed: {} }, failureExamples: {}, msByKind: {}, violations: 0, counterexample: null };
  for (const part of parts) {
    total.sequences += part.sequences;
    total.shrinks += part.shrinks;
    total.steps += part.steps;
    total.violations += part.violations;
    total.operations.ok += part.operations.ok;
    addCounts(total.faults, part.faults);
    addCounts(total.hermes, part.hermes);
    addCounts(total.operations.failed, part.operations.failed);
    total.failureExamples = { ...part.failureExamples, ...total.failureExamples };
    addCounts(total.msByKind, part.msByKind);
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
    `Stress run: seed ${figures.seed}${workers > 1 ? ` (${workers} workers; chunk i of ${CHUNK} sequences has seed ${figures.seed}+i)` : ''}, ${figures.seconds} s`,
    `  sequences          ${figures.sequences} (${figures.shrinks} shrink re-runs)`,
    `  Hermes installs    ${Object.entries(figures.hermes).sort(([a], [b]) => a.localeCompare(b)).map(([shape, n]) => `${shape}: ${n}`).join(', ')}`,
    `  steps              ${figures.steps} (${(figures.steps / Math.max(figures.seconds, 0.001)).toFixed(1)} steps/s)`,
    `  operations ok      ${figures.operations.ok}`,
    `  operations failed  ${Object.values(figures.operations.failed).reduce((a, b) => a + b, 0)} ${JSON.stringify(figures.operations.failed)}`,
    ...Object.entries(figures.failureExamples)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, message]) => `    ${code.padEnd(22)} e.g. ${message.slice(0, 160)}`),
    '  faults injected:',
    ...Object.entries(figures.faults)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `    ${kind.padEnd(24)} ${n}`),
    '  time by step kind (s):',
    ...Object.entries(figures.msByKind)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, ms]) => `    ${kind.padEnd(24)} ${(ms / 1000).toFixed(1)}`),
    `  violations         ${figures.violations}`,
  ];
  if (figures.counterexample !== null) {
    rows.push('', 'Minimal failing sequence:', figures.counterexample.error, '', 'As a regression test (test/stress/regressions.test.ts):', asRegressionTest(figures.counterexample.sequence, figures.counterexample.error));
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
  const chunks = Array.from({ length: Math.ceil(args.runs / CHUNK) }, (_, i) => Math.min(CHUNK, args.runs - i * CHUNK));
  const parts: StressFigures[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next;
      next += 1;
      parts.push(await runWorker(chunks[index] ?? 0, args.seed + index));
      const total = merge(parts, args.seed, Math.round((performance.now() - started) / 100) / 10);
      if (args.out !== null) writeFileSync(args.out, `${JSON.stringify({ chunksDone: parts.length, chunks: chunks.length, ...total })}\n`);
      if (!args.json) process.stderr.write(`\r  ${total.sequences}/${args.runs} sequences, ${total.violations} violations`);
    }
  };
  await Promise.all(Array.from({ length: args.workers }, worker));
  if (!args.json) process.stderr.write('\n');
  figures = merge(parts, args.seed, Math.round((performance.now() - started) / 100) / 10);
}
process.stdout.write(args.json ? `${JSON.stringify(figures)}\n` : report(figures, args.workers));
process.exitCode = figures.counterexample === null ? 0 : 1;
