/**
 * The process table, read without a shell: one `ps` for every process's command line, then the
 * exact argv and environment of the few that look like gateways.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { parseGatewayCommand } from './hermes.js';
import type { GatewayCommand } from './hermes.js';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The command line as ps prints it (arguments joined by spaces). */
  command: string;
}

export interface GatewayProcess extends GatewayCommand {
  pid: number;
  ppid: number;
  argv: string[];
  /** HERMES_HOME from the process's environment, when it can be read. */
  hermesHome: string | null;
}

/** Parses `ps -axww -o pid=,ppid=,command=`. */
export function parsePs(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split('\n')) {
    const match = line.match(/^\s*(\d+)\s+(\d+)\s+(.*)$/);
    if (match?.[1] && match[2] && match[3] !== undefined) {
      entries.push({ pid: Number(match[1]), ppid: Number(match[2]), command: match[3] });
    }
  }
  return entries;
}

/**
 * A cheap first filter over the whole table; parseGatewayCommand decides on the exact argv. ps
 * joins the arguments with spaces, so a gateway's line holds `gateway run` and its launcher
 * (`…/hermes` or `python -m hermes_cli.main`) holds `hermes`.
 */
export function looksLikeGateway(command: string): boolean {
  return command.includes('gateway run') && command.includes('hermes');
}

/** Linux: /proc holds every process's exact argv and environment. macOS has no /proc. */
const HAS_PROC = existsSync('/proc/self/environ');

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

/** From /proc. A process whose argv or environment is gone (or empty: a zombie) has exited since ps listed it. */
async function fromProc(entry: ProcessEntry): Promise<GatewayProcess | null> {
  const argv = await procArgv(entry.pid);
  const command = argv ? parseGatewayCommand(argv) : null;
  if (!argv || !command) return null;
  const env = await procEnv(entry.pid);
  if (!env || Object.keys(env).length === 0) return null;
  return { ...command, pid: entry.pid, ppid: entry.ppid, argv, hermesHome: env.HERMES_HOME ?? null };
}

/** From ps: `ps -E` appends the environment to the command line of the user's own processes; no line, no process. */
async function fromPs(entry: ProcessEntry): Promise<GatewayProcess | null> {
  const argv = entry.command.split(/\s+/);
  const command = parseGatewayCommand(argv);
  if (!command) return null;
  const result = await execa('ps', ['-E', '-ww', '-o', 'command=', '-p', String(entry.pid)], { reject: false });
  if (result.stdout.trim() === '') return null;
  const hermesHome = result.stdout.match(/(?:^|\s)HERMES_HOME=(\S+)/)?.[1] ?? null;
  return { ...command, pid: entry.pid, ppid: entry.ppid, argv, hermesHome };
}

export async function listProcesses(): Promise<ProcessEntry[]> {
  const result = await execa('ps', ['-axww', '-o', 'pid=,ppid=,command='], { reject: false });
  return parsePs(result.stdout);
}

/** The gateway processes in `table` (the whole process table when not given), their candidates read side by side. */
export async function findGatewayProcesses(table?: ProcessEntry[]): Promise<GatewayProcess[]> {
  const entries = table ?? (await listProcesses());
  const candidates = entries.filter((entry) => entry.pid !== process.pid && looksLikeGateway(entry.command));
  const found = await Promise.all(candidates.map(HAS_PROC ? fromProc : fromPs));
  return found.filter((proc): proc is GatewayProcess => proc !== null);
}

/** A zombie answers signal 0 but is dead; on Linux /proc tells the two apart. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}
