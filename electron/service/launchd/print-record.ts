/**
 * Parses `launchctl print <domain>/<label>`. Only lines indented by exactly one tab belong to the
 * job itself; nested blocks (environment, event triggers, …) repeat keys like `state` and `pid`.
 */
export interface JobRecord {
  path: string | null;
  state: string | null;
  program: string | null;
  pid: number | null;
  runs: number | null;
  /** null while the job never exited or when it died of a signal. */
  lastExitCode: number | null;
  lastSignal: string | null;
}

function integer(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = value.trim().match(/^-?\d+/);
  return match ? Number(match[0]) : null;
}

export function parsePrint(stdout: string): JobRecord {
  const fields = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('\t') || line.startsWith('\t\t')) continue;
    const match = line.match(/^\t([^=]+?) = (.*)$/);
    if (match?.[1] && match[2] !== undefined && !fields.has(match[1])) fields.set(match[1], match[2].trim());
  }
  const exit = fields.get('last exit code');
  return {
    path: fields.get('path') ?? null,
    state: fields.get('state') ?? null,
    program: fields.get('program') ?? null,
    pid: integer(fields.get('pid')),
    runs: integer(fields.get('runs')),
    lastExitCode: exit === undefined || exit.startsWith('(') ? null : integer(exit),
    lastSignal: fields.get('last terminating signal') ?? null,
  };
}

/** `launchctl print-disabled <domain>`: which labels carry a disabled override. */
export function parseDisabled(stdout: string): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const match of stdout.matchAll(/^\s*"([^"]+)"\s*=>\s*(\w+)/gm)) {
    const [, label, value] = match;
    if (label && value) result.set(label, value === 'disabled' || value === 'true');
  }
  return result;
}

/** `launchctl list` (no label): one row per loaded job, `PID\tStatus\tLabel`, `-` when not running. */
export interface ListRow {
  label: string;
  pid: number | null;
  status: number | null;
}

export function parseList(stdout: string): ListRow[] {
  const rows: ListRow[] = [];
  for (const line of stdout.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3 || parts[0] === 'PID') continue;
    const [pid, status, label] = parts;
    if (!label) continue;
    rows.push({ label: label.trim(), pid: integer(pid), status: integer(status) });
  }
  return rows;
}

/**
 * What one `launchctl list` row tells of a running job. Its Status column is the last exit code,
 * or minus the signal that ended the last run; path, program, runs and launchd's state are only
 * in `print`. A job that never exited shows 0 there (Finder in real-output/list-01), where
 * `print` says `(never exited)`: a running job's 0 is read as no exit, as `status` reads it.
 */
export function listedRecord(row: ListRow): JobRecord {
  const status = row.status;
  return {
    path: null,
    state: null,
    program: null,
    pid: row.pid,
    runs: null,
    lastExitCode: status !== null && status > 0 ? status : null,
    lastSignal: status !== null && status < 0 ? `signal ${-status}` : null,
  };
}
