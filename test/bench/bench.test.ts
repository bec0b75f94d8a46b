/**
 * `npm run bench -- --json` is read by scripts: one JSON object whose keys stay put. A quick run
 * (few repetitions, short windows) checks the shape, never the figures' values.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FIGURES } from '../../bench/figures.js';
import type { BenchReport } from '../../bench/report.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bench/main.js');

/** Not measured in a quick run: the 50-gateway list. */
const NOT_IN_QUICK = new Set(['list.perGatewayMs.50', 'list.launchctlCalls.50']);

describe('npm run bench -- --quick --json', () => {
  it('prints one JSON object with every figure under its stable key', { timeout: 300_000 }, async () => {
    const run = await execa(process.execPath, [MAIN, '--quick', '--json'], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report).toMatchObject({ bench: 'hermes-bar', schema: 1, quick: true, failures: {} });
    expect(report.machine).toEqual({
      cpus: expect.any(Number),
      cpuModel: expect.any(String),
      memoryGB: expect.any(Number),
      os: expect.any(String),
      node: process.version,
      loadStart: expect.any(Number),
      loadEnd: expect.any(Number),
    });
    expect(Object.keys(report.figures)).toEqual(FIGURES.map((f) => f.key));
    for (const spec of FIGURES) {
      const figure = report.figures[spec.key];
      if (NOT_IN_QUICK.has(spec.key)) {
        expect(figure, spec.key).toBeNull();
        continue;
      }
      expect(figure, spec.key).toEqual({
        median: expect.any(Number),
        p25: expect.any(Number),
        p75: expect.any(Number),
        min: expect.any(Number),
        max: expect.any(Number),
        n: expect.any(Number),
        unit: spec.unit,
        target: spec.max ?? null,
        met: spec.max === undefined ? null : expect.any(Boolean),
      });
    }
  });
});
