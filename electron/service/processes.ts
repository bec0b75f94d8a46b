/**
 * The process table, read without a shell: one `ps` for every process's command line, then the
 * exact argv and environment of the few that look like gateways.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { parseGatewayCommand } from './hermes/gateway-process.js';
import type { GatewayCommand } from './hermes/gateway-process.js';

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
  /** HOME from the process's environment: whose ~/.hermes it uses without HERMES_HOME. */
  userHome: string | null;
}

interface ProcessHomes {
  hermesHome: string | null;
  userHome: string | null;
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
  const result = await execa('ps', ['-axww', '-o', 'pid=,ppid=,command='], { reject: false });
  return parsePs(result.stdout);
}

/**
 * The argv and homes of a process that looks like a gateway; null when it cannot be told (it
 * exited meanwhile: its argv or environment is gone, or empty for a zombie; or its environment is
 * not ours to read): such a process must not be taken for a gateway of the default home.
 */
async function describe(entry: ProcessEntry): Promise<({ argv: string[] } & ProcessHomes) | null> {
  if (!HAS_PROC) {
    const homes = await psEnvHomes(entry.pid);
    return homes ? { argv: entry.command.split(/\s+/), ...homes } : null;
  }
  const [argv, env] = await Promise.all([procArgv(entry.pid), procEnv(entry.pid)]);
  if (!argv || !env || Object.keys(env).length === 0) return null;
  return { argv, hermesHome: env.HERMES_HOME ?? null, userHome: env.HOME ?? null };
}

async function gatewayProcess(entry: ProcessEntry): Promise<GatewayProcess | null> {
  // parseGatewayCommand on ps's line first: a line that is no gateway costs no /proc or ps -E.
  if (!HAS_PROC && !parseGatewayCommand(entry.command.split(/\s+/))) return null;
  const described = await describe(entry);
  const command = described ? parseGatewayCommand(described.argv) : null;
  return described && command ? { ...command, pid: entry.pid, ppid: entry.ppid, ...described } : null;
}

/** The gateway processes in `table` (the whole process table when not given), their candidates read side by side. */
export async function findGatewayProcesses(table?: ProcessEntry[]): Promise<GatewayProcess[]> {
  const entries = table ?? (await listProcesses());
  const candidates = entries.filter((entry) => entry.pid !== process.pid && looksLikeGateway(entry.command));
  const found = await Promise.all(candidates.map(gatewayProcess));
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
