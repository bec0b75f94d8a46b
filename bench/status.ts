/**
 * Item 5: one status call, `list` over 1, 10 and 50 gateways, and the duplicate scan over a
 * process table of 2,000 entries.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Launchctl } from '../electron/service/launchd/launchctl.js';
import { findGatewayProcesses, listProcesses, looksLikeGateway, parsePs } from '../electron/service/processes.js';
import { monotonicMicros } from '../test/sim/clock.js';
import type { Figures } from './figures.js';
import type { Rig } from './rig.js';
import { commandsBetween, withRig } from './rig.js';
import { summarize } from './stats.js';

const SIM_SCALE = 0.02;
const SCAN_TABLE_SIZE = 2_000;
const ALL_RUNNING_DEADLINE_MS = 120_000;

/** ms of each of `reps` runs of `body`, after one unmeasured warm-up run. */
async function timeEach(reps: number, body: () => Promise<unknown>): Promise<number[]> {
  await body();
  const samples: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    const started = performance.now();
    await body();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function launchctlCallsDuring(rig: Rig, body: () => Promise<unknown>): Promise<number> {
  const from = monotonicMicros();
  await body();
  const to = monotonicMicros();
  return commandsBetween(await rig.sim.events(), from, to);
}

async function measureStatus(rig: Rig, reps: number): Promise<Figures> {
  const launchctl = new Launchctl(rig.sim.launchctlPath, rig.env);
  const target = `${rig.domain}/ai.hermes.gateway`;
  return {
    'launchctl.callMs': summarize(await timeEach(reps, () => launchctl.print(target))),
    'status.latencyMs': summarize(await timeEach(reps, () => rig.engine.status(null))),
  };
}

async function allRunning(rig: Rig, gateways: number): Promise<void> {
  const deadline = Date.now() + ALL_RUNNING_DEADLINE_MS;
  for (;;) {
    const statuses = await rig.engine.list();
    if (statuses.length === gateways && statuses.every((s) => s.state === 'running')) return;
    if (Date.now() > deadline) throw new Error(`bench: ${gateways} gateways did not all run in time`);
    await sleep(200);
  }
}

/** `list` with the default gateway plus profiles up to each size, every gateway running. */
async function measureList(rig: Rig, sizes: readonly number[], reps: number): Promise<Figures> {
  const figures: Figures = {};
  let profiles = 0;
  for (const size of sizes) {
    const names = Array.from({ length: size - 1 - profiles }, (_, i) => `bench-${String(profiles + i + 1).padStart(3, '0')}`);
    await rig.loadProfiles(names);
    profiles += names.length;
    await allRunning(rig, size);
    figures[`list.perGatewayMs.${size}`] = summarize((await timeEach(reps, () => rig.engine.list())).map((ms) => ms / size));
    figures[`list.launchctlCalls.${size}`] = summarize([await launchctlCallsDuring(rig, () => rig.engine.list())]);
  }
  return figures;
}

/** Command lines of the kind a Mac runs, and a few that mention python and gateway without being one. */
const FILLER = [
  '/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder',
  '/Applications/Safari.app/Contents/MacOS/Safari',
  '/usr/libexec/trustd --agent',
  '/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared -s mdworker -c MDSImporterWorker -m com.apple.mdworker.shared',
  '/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Renderer).app/Contents/MacOS/Code Helper (Renderer) --type=renderer --lang=en-GB',
  '/usr/bin/python3 /opt/payments/gateway_server.py --port 8080',
  'node /Users/me/src/api-gateway/server.js',
];

/**
 * A table of `size` entries: this machine's real processes with the rig's own gateways among them
 * (other gateways on a shared machine are left out, so every run reads the same number), and
 * filler with pids no process has.
 */
async function syntheticTable(size: number, gateways: ReadonlySet<number>): Promise<string> {
  const real = (await listProcesses()).filter((p) => gateways.has(p.pid) || !looksLikeGateway(p.command));
  const lines = real.map((p) => `${p.pid} ${p.ppid} ${p.pgid} ${p.command}`);
  for (let i = 0; lines.length < size; i += 1) lines.push(`${5_000_000 + i} 1 ${5_000_000 + i} ${FILLER[i % FILLER.length]}`);
  return `${lines.join('\n')}\n`;
}

async function measureScan(rig: Rig, reps: number): Promise<Figures> {
  const gateways = new Set((await rig.engine.list()).flatMap((s) => (s.pid === null ? [] : [s.pid])));
  const text = await syntheticTable(SCAN_TABLE_SIZE, gateways);
  // A table parsePs cannot read would time a scan of nothing.
  const parsed = parsePs(text).length;
  if (parsed !== SCAN_TABLE_SIZE) throw new Error(`the synthetic process table has ${SCAN_TABLE_SIZE} lines, parsePs read ${parsed}`);
  return {
    'duplicates.scanMs': summarize(await timeEach(reps, () => findGatewayProcesses(parsePs(text)))),
    'duplicates.psMs': summarize(await timeEach(reps, () => listProcesses())),
  };
}

export interface StatusPlan {
  reps: number;
  listSizes: readonly number[];
}

export async function measureStatusAndList(plan: StatusPlan): Promise<Figures> {
  return withRig({ simScale: SIM_SCALE, standin: {} }, async (rig) => {
    await rig.engine.run('start', null);
    return {
      ...(await measureStatus(rig, plan.reps)),
      ...(await measureList(rig, plan.listSizes, plan.reps)),
      // With every listed gateway still running: their /proc entries are read as a scan would.
      ...(await measureScan(rig, plan.reps)),
    };
  });
}
