/**
 * Every figure the bench reports, in order: its stable key (the `--json` output's), what it is,
 * its unit and its target. A figure no section has measured is reported as not measured.
 */
import type { Summary } from './stats.js';

/** Measured figures by key. */
export type Figures = Record<string, Summary>;

export interface FigureSpec {
  key: string;
  /** The item number (1–7). */
  item: number;
  title: string;
  unit: 'ratio' | 'ms' | 's' | 'calls' | '%' | 'MB' | 'KB' | 'steps/s';
  /** The median must not exceed this. */
  max?: number;
}

export const ITEMS: Record<number, string> = {
  1: 'Restart (SIGUSR1, drain, respawn)',
  2: 'Start after an upgrade removed the plist\'s install (refresh)',
  3: 'Crash detection',
  4: 'Idle cost over 60 s (gateway healthy)',
  5: 'Status, list and the duplicate scan',
  6: 'Renderer',
  7: 'Stress throughput',
};

const operation = (prefix: 'restart' | 'refresh', item: number, floor: string): FigureSpec[] => [
  { key: `${prefix}.ratio`, item, title: `time to running / floor (${floor})`, unit: 'ratio', max: 1.15 },
  { key: `${prefix}.overheadMs`, item, title: 'engine overhead (total − floor − process start)', unit: 'ms', max: 150 },
  { key: `${prefix}.launchctlWaitMs`, item, title: 'of the overhead: some launchctl call running (launchctl.callMs each)', unit: 'ms' },
  { key: `${prefix}.totalMs`, item, title: 'call → returns with the gateway running', unit: 'ms' },
  { key: `${prefix}.floorMs`, item, title: `floor: ${floor}`, unit: 'ms' },
  { key: `${prefix}.processStartMs`, item, title: "launchd's spawn → the gateway's first event (wrapper, then gateway)", unit: 'ms' },
  { key: `${prefix}.launchctlCalls`, item, title: 'launchctl calls', unit: 'calls' },
];

const idle = (popover: 'closed' | 'open', maxCalls: number): FigureSpec[] => [
  { key: `idle.${popover}.launchctlCalls`, item: 4, title: `launchctl processes per 60 s, popover ${popover}`, unit: 'calls', max: maxCalls },
  {
    key: `idle.${popover}.cpuPercent`,
    item: 4,
    title: `CPU of the engine's process, popover ${popover} (% of one core)`,
    unit: '%',
    ...(popover === 'closed' ? { max: 0.5 } : {}),
  },
  { key: `idle.${popover}.rssMB`, item: 4, title: `resident memory of the engine's process, popover ${popover}`, unit: 'MB' },
];

export const LIST_SIZES = [1, 10, 50] as const;

export const FIGURES: FigureSpec[] = [
  ...operation('restart', 1, 'drain through the wrapper + boot'),
  ...operation('refresh', 2, 'stop + teardown window + boot'),
  { key: 'crash.detectMs', item: 3, title: "SIGKILL → the monitor's push shows it", unit: 'ms', max: 500 },
  ...idle('closed', 6),
  ...idle('open', 60),
  { key: 'launchctl.callMs', item: 5, title: 'one simulated launchctl print (the floor of any look)', unit: 'ms' },
  { key: 'status.latencyMs', item: 5, title: 'one status call', unit: 'ms', max: 30 },
  ...LIST_SIZES.map((n): FigureSpec => ({ key: `list.perGatewayMs.${n}`, item: 5, title: `list of ${n} gateways, per gateway`, unit: 'ms' })),
  ...LIST_SIZES.map((n): FigureSpec => ({ key: `list.launchctlCalls.${n}`, item: 5, title: `launchctl calls for a list of ${n} gateways`, unit: 'calls' })),
  { key: 'duplicates.scanMs', item: 5, title: 'duplicate scan over a 2,000-entry process table', unit: 'ms', max: 50 },
  { key: 'duplicates.psMs', item: 5, title: "one ps of this machine's own process table", unit: 'ms' },
  { key: 'renderer.bundleGzipKB', item: 6, title: 'production bundle (html, js, css), gzipped', unit: 'KB', max: 150 },
  { key: 'renderer.firstStatusMs', item: 6, title: 'navigation → first painted status (headless Chromium)', unit: 'ms', max: 300 },
  { key: 'renderer.layoutShiftAfterFirstStatus', item: 6, title: 'layout shift (CLS score) in the 1.5 s after the first status', unit: 'ratio', max: 0 },
  { key: 'stress.stepsPerSecond', item: 7, title: 'steps per second of the model-based stress run (one worker)', unit: 'steps/s' },
  { key: 'stress.secondsPerSequence', item: 7, title: 'one sequence of 5 to 30 steps (npm test runs 150)', unit: 's' },
];
