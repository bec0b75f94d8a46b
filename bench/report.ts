/** The bench's two outputs: one JSON object with stable keys, and a table for people. */
import os from 'node:os';
import type { FigureSpec, Figures } from './figures.js';
import { FIGURES, ITEMS } from './figures.js';
import type { Summary } from './stats.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started and when it ended (other work on the machine). */
  loadStart: number;
  loadEnd: number;
}

export function machineNow(loadStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadStart,
    loadEnd: os.loadavg()[0] ?? 0,
  };
}

export interface FigureReport extends Summary {
  unit: FigureSpec['unit'];
  /** The median must not exceed this (the target); null when it sets none. */
  target: number | null;
  /** Whether the median meets the target; null without a target. */
  met: boolean | null;
}

export interface BenchReport {
  bench: 'hermes-bar';
  /** Changes only when a key changes meaning or goes away. */
  schema: 1;
  quick: boolean;
  startedAt: string;
  elapsedS: number;
  machine: Machine;
  /** Every key of bench/figures.ts, null when this run did not measure it. */
  figures: Record<string, FigureReport | null>;
  /** Sections that failed, with the reason. */
  failures: Record<string, string>;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

export function figureReports(measured: Figures): BenchReport['figures'] {
  const out: BenchReport['figures'] = {};
  for (const spec of FIGURES) {
    const summary = measured[spec.key];
    if (!summary) {
      out[spec.key] = null;
      continue;
    }
    const rounded = Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, round(v)])) as unknown as Summary;
    const target = spec.max ?? null;
    out[spec.key] = { ...rounded, unit: spec.unit, target, met: target === null ? null : summary.median <= target };
  }
  return out;
}

function number(value: number, unit: FigureSpec['unit']): string {
  if (unit === 'ratio') return value.toFixed(2);
  if (unit === 'calls') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const UNIT_TEXT: Record<FigureSpec['unit'], string> = { ratio: '×', ms: 'ms', calls: '', '%': '%', MB: 'MB', KB: 'KB', s: 's', 'steps/s': '/s' };

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function formatTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Hermes Bar bench${report.quick ? ' (quick: fewer runs, short windows)' : ''}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, ${m.os}, Node ${m.node}`,
    `load average ${m.loadStart.toFixed(2)} at start, ${m.loadEnd.toFixed(2)} at end; ${report.elapsedS.toFixed(0)} s`,
    '',
    `${pad('figure', 30)}${pad('median', 11)}${pad('p25–p75', 17)}${pad('n', 4)}${pad('target', 10)}${pad('', 7)}what`,
  ];
  let item = 0;
  for (const spec of FIGURES) {
    if (spec.item !== item) {
      item = spec.item;
      lines.push('', `${item}. ${ITEMS[item] ?? ''}`);
    }
    const figure = report.figures[spec.key];
    const unit = UNIT_TEXT[spec.unit];
    const target = spec.max === undefined ? '' : `≤ ${number(spec.max, spec.unit)}${unit}`;
    if (!figure) {
      lines.push(`${pad(spec.key, 30)}${pad('not measured in this run', 42)}${pad(target, 10)}${pad('', 7)}${spec.title}`);
      continue;
    }
    const verdict = figure.met === null ? '' : figure.met ? 'ok' : 'MISSED';
    lines.push(
      pad(spec.key, 30) +
        pad(`${number(figure.median, spec.unit)}${unit}`, 11) +
        pad(`${number(figure.p25, spec.unit)}–${number(figure.p75, spec.unit)}`, 17) +
        pad(String(figure.n), 4) +
        pad(target, 10) +
        pad(verdict, 7) +
        spec.title,
    );
  }
  for (const [section, reason] of Object.entries(report.failures)) lines.push('', `FAILED ${section}: ${reason}`);
  return `${lines.join('\n')}\n`;
}
