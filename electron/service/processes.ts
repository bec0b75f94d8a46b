/**
 * The process table, read without a shell: one `ps` for every process (pid, parent, start, command
 * line), then the exact argv and environment of the few that look like gateways, judged by
 * Hermes's own rule (hermes/gateway-process.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { isGatewayCommand } from './hermes/gateway-process.js';
import type { StartFingerprint } from './hermes/gateway-files.js';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Its process group: a launchd job's processes are in the group of the job's main process. */
  pgid: number;
  /** When it started (epoch ms, to the second as ps prints it), null when ps did not say. */
  startedAt: number | null;
  /** The command line as ps prints it (arguments joined by spaces). */
  command: string;
}

export interface GatewayProcess {
  pid: number;
  ppid: number;
  pgid: number;
  /** Its parent, grandparent… up to the first process: whose job it belongs to. */
  ancestors: number[];
  argv: string[];
  /** HERMES_HOME from the process's environment, when it can be read. */
  hermesHome: string | null;
  /** HOME from the process's environment: whose ~/.hermes it uses without HERMES_HOME. */
  userHome: string | null;
  startedAt: number | null;
}

/** `ps`'s lstart: "Fri Dec  4 18:30:05 2026", five words, local time. */
const LSTART = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\w{3}\s+\w{3}\s+\d+\s+\d\d:\d\d:\d\d\s+\d{4})\s(.*)$/;

/** Parses `ps -axww -o pid=,ppid=,pgid=,lstart=,command=` (a line without a start is read without it). */
export function parsePs(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split('\n')) {
    const full = LSTART.exec(line);
    if (full?.[1] && full[2] && full[3] && full[4]) {
      const started = Date.parse(full[4].replace(/\s+/g, ' '));
      entries.push({ pid: Number(full[1]), ppid: Number(full[2]), pgid: Number(full[3]), startedAt: Number.isNaN(started) ? null : started, command: full[5] ?? '' });
      continue;
    }
    const bare = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (bare?.[1] && bare[2] && bare[3] && bare[4] !== undefined) {
      entries.push({ pid: Number(bare[1]), ppid: Number(bare[2]), pgid: Number(bare[3]), startedAt: null, command: bare[4] });
    }
  }
  return entries;
}

/**
 * A cheap first filter over the whole table; Hermes's rule decides on the exact argv. ps joins
 * the arguments with spaces: a gateway's line holds `gateway` and an entry point naming hermes
 * (`…/hermes`, `hermes_cli.main`, also inside a bootstrap script).
 */
export function looksLikeGateway(command: string): boolean {
  return command.includes('gateway') && command.includes('hermes');
}

/** Linux: /proc holds every process's exact argv, environment and start. macOS has no /proc. */
const HAS_PROC = existsSync('/proc/self/stat');

async function procArgv(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part, i, all) => part !== '' || i < all.length - 1);
  } catch {
    return null;
  }
}

async function procEnv(pid: number): Promise<Record<string, string> | null> {
  try {
    const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
    return Object.fromEntries(
      raw
        .split('\0')
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
  } catch {
    return null;
  }
}

/** The fields of /proc/<pid>/stat after the command name (field 3 first). */
function procStatFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Linux's clock ticks per second (sysconf(_SC_CLK_TCK)): 100 on every Linux Hermes runs on. */
const CLOCK_TICKS = 100;

/** A process's start as the kernel records it: field 22 of /proc/<pid>/stat (Linux only). */
export function procStartTicks(pid: number): string | null {
  return procStatFields(pid)?.[19] ?? null;
}

function procStartedAt(pid: number): number | null {
  const ticks = Number(procStartTicks(pid));
  let uptime: number;
  try {
    uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
  return Number.isFinite(ticks) && Number.isFinite(uptime) ? Date.now() - (uptime - ticks / CLOCK_TICKS) * 1000 : null;
}

/**
 * Whether `pid` is the process a pid record's start fingerprint was taken of (a reused pid is
 * not): on Linux the kernel's start ticks, compared exactly; on macOS Hermes records centiseconds
 * since the epoch and ps knows the start to the second, so they agree to within a second. Null
 * when it cannot be told.
 */
export function startMatches(recorded: StartFingerprint, pid: number, startedAt: number | null): boolean | null {
  if (HAS_PROC) {
    const ticks = procStartTicks(pid);
    return ticks === null ? null : ticks === recorded.trim();
  }
  const centiseconds = Number(recorded);
  if (startedAt === null || !Number.isFinite(centiseconds)) return null;
  return Math.abs(centiseconds * 10 - startedAt) <= 1_500;
}

interface ProcessHomes {
  hermesHome: string | null;
  userHome: string | null;
}

/**
 * macOS has no /proc: `ps -E` appends the environment to the command line of the user's own
 * processes. No line: the process has exited since ps listed it.
 */
async function psEnvHomes(pid: number): Promise<ProcessHomes | null> {
  const result = await execa('ps', ['-E', '-ww', '-o', 'command=', '-p', String(pid)], { reject: false });
  if (result.stdout.trim() === '') return null;
  const value = (name: string): string | null => result.stdout.match(new RegExp(`(?:^|\\s)${name}=(\\S+)`))?.[1] ?? null;
  return { hermesHome: value('HERMES_HOME'), userHome: value('HOME') };
}

export async function listProcesses(): Promise<ProcessEntry[]> {
  const result = await execa('ps', ['-axww', '-o', 'pid=,ppid=,pgid=,lstart=,command='], { reject: false, env: { ...process.env, LC_ALL: 'C' } });
  return parsePs(result.stdout);
}

/**
 * The argv, homes and start of a process that looks like a gateway; null when it cannot be told
 * (it exited meanwhile: its argv or environment is gone, or empty for a zombie; or its
 * environment is not ours to read): such a process must not be taken for a gateway of the
 * default home.
 */
async function describe(entry: ProcessEntry): Promise<({ argv: string[]; startedAt: number | null } & ProcessHomes) | null> {
  if (!HAS_PROC) {
    const homes = await psEnvHomes(entry.pid);
    return homes ? { argv: entry.command.split(/\s+/), startedAt: entry.startedAt, ...homes } : null;
  }
  const [argv, env] = await Promise.all([procArgv(entry.pid), procEnv(entry.pid)]);
  if (!argv || !env || Object.keys(env).length === 0) return null;
  return { argv, startedAt: procStartedAt(entry.pid) ?? entry.startedAt, hermesHome: env.HERMES_HOME ?? null, userHome: env.HOME ?? null };
}

function ancestorsOf(pid: number, parentOf: Map<number, number>): number[] {
  const chain: number[] = [];
  for (let parent = parentOf.get(pid); parent !== undefined && parent > 0 && !chain.includes(parent); parent = parentOf.get(parent)) {
    chain.push(parent);
  }
  return chain;
}

/** The gateway processes in `table` (the whole process table when not given), their candidates read side by side. */
export async function findGatewayProcesses(table?: ProcessEntry[]): Promise<GatewayProcess[]> {
  const entries = table ?? (await listProcesses());
  const parentOf = new Map(entries.map((entry) => [entry.pid, entry.ppid]));
  const candidates = entries.filter((entry) => entry.pid !== process.pid && looksLikeGateway(entry.command));
  const found = await Promise.all(
    candidates.map(async (entry): Promise<GatewayProcess | null> => {
      // Hermes's rule on ps's line first: a line that is no gateway costs no /proc or ps -E.
      if (!HAS_PROC && !isGatewayCommand(entry.command.split(/\s+/))) return null;
      const described = await describe(entry);
      if (!described || !isGatewayCommand(described.argv)) return null;
      return { pid: entry.pid, ppid: entry.ppid, pgid: entry.pgid, ancestors: ancestorsOf(entry.pid, parentOf), ...described };
    }),
  );
  const gateways = found.filter((proc): proc is GatewayProcess => proc !== null);
  // A gateway's own child shows the gateway's command line until it execs (a spawn's window, or a
  // fork for good): it is part of that gateway, never a second one.
  const pids = new Set(gateways.map((proc) => proc.pid));
  return gateways.filter((proc) => !proc.ancestors.some((pid) => pids.has(pid)));
}

/** A zombie answers signal 0 but is dead; on Linux /proc tells the two apart. */
function isZombie(pid: number): boolean {
  return procStatFields(pid)?.[0] === 'Z';
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/**
 * The pid holding an exclusive flock on the file with this inode: Linux lists every lock in
 * /proc/locks; undefined when this system cannot tell, null when nobody holds it.
 */
export async function flockHolder(inode: number): Promise<number | null | undefined> {
  if (!HAS_PROC) return undefined;
  let locks: string;
  try {
    locks = await readFile('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of locks.split('\n')) {
    const match = /^\d+:\s+FLOCK\s+\S+\s+WRITE\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (match && Number(match[2]) === inode) return Number(match[1]);
  }
  return null;
}
