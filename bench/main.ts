/**
 * `npm run bench [-- --json] [-- --quick]`: how fast and how cheaply the engine keeps the gateway
 * healthy, against the launchd simulator and the stand-in gateway (BENCHMARKS.md). Progress goes to
 * stderr; stdout gets the table, or with --json one JSON object (bench/report.ts).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Figures } from './figures.js';
import { LIST_SIZES } from './figures.js';
import { exitOnInterrupt } from './interrupt.js';
import { measureMonitor } from './monitor.js';
import type { MonitorPlan } from './monitor.js';
import { measureRefresh, measureRestart } from './operations.js';
import { measureRenderer } from './renderer.js';
import type { BenchReport } from './report.js';
import { figureReports, formatTable, machineNow } from './report.js';
import type { StatusPlan } from './status.js';
import { measureStatusAndList } from './status.js';
import type { StressPlan } from './stress.js';
import { measureStress } from './stress.js';

interface Plan {
  operations: number;
  monitor: MonitorPlan;
  status: StatusPlan;
  navigations: number;
  stress: StressPlan;
}

const FULL: Plan = {
  operations: 7,
  monitor: { crashes: 7, settleMs: 5_000, windowMs: 60_000, sliceMs: 10_000 },
  status: { reps: 9, listSizes: LIST_SIZES },
  navigations: 7,
  stress: { repeats: 3, sequences: 8 },
};

/** Every section, with few runs and short windows: for the test that checks the output's shape. */
const QUICK: Plan = {
  operations: 2,
  monitor: { crashes: 2, settleMs: 500, windowMs: 2_000, sliceMs: 1_000 },
  status: { reps: 3, listSizes: LIST_SIZES.slice(0, 2) },
  navigations: 2,
  stress: { repeats: 1, sequences: 2 },
};

/** One entry per item of the issue; a new measurement is one more entry. */
const SECTIONS: Array<{ name: string; run: (plan: Plan) => Promise<Figures> }> = [
  { name: 'restart', run: (plan) => measureRestart(plan.operations) },
  { name: 'refresh', run: (plan) => measureRefresh(plan.operations) },
  { name: 'monitor', run: (plan) => measureMonitor(plan.monitor) },
  { name: 'status', run: (plan) => measureStatusAndList(plan.status) },
  { name: 'renderer', run: (plan) => measureRenderer(plan.navigations) },
  { name: 'stress', run: (plan) => measureStress(plan.stress) },
];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } } });
  const plan = values.quick ? QUICK : FULL;
  const loadStart = os.loadavg()[0] ?? 0;
  const startedAt = new Date();
  const measured: Figures = {};
  const failures: Record<string, string> = {};
  for (const section of SECTIONS) {
    const began = performance.now();
    process.stderr.write(`bench: ${section.name}…`);
    try {
      Object.assign(measured, await section.run(plan));
      process.stderr.write(` ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failures[section.name] = error instanceof Error ? error.message : String(error);
      process.stderr.write(` failed: ${failures[section.name]}\n`);
    }
  }
  const report: BenchReport = {
    bench: 'hermes-bar',
    schema: 1,
    quick: values.quick,
    startedAt: startedAt.toISOString(),
    elapsedS: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    machine: machineNow(loadStart),
    figures: figureReports(measured),
    failures,
  };
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
  return Object.keys(failures).length === 0 ? 0 : 1;
}

exitOnInterrupt();
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
