/**
 * Parses what launchctl prints about jobs (LAUNCHD.md, "Reading state"; real samples in
 * ../shared/real-output/). In `launchctl print <domain>/<label>` only the lines directly inside
 * the job's block belong to the job itself: nested blocks (environment, event triggers, jetsam
 * coalition, endpoints, …) repeat keys like `state`, `pid` and even `last exit code`.
 */
export interface JobRecord {
  path: string | null;
  /** launchd's `state`: running, not running, spawn scheduled, xpcproxy, SIGTERMed (null from `list`). */
  state: string | null;
  /** The separate `job state` line: running, exited or spawn failed; null when launchd prints none. */
  jobState: string | null;
  program: string | null;
  pid: number | null;
  /** Spawns since the job was loaded. */
  runs: number | null;
  /** Crashes in a row as launchd counts them; null when it prints no count. */
  successiveCrashes: number | null;
  /** null while the job never exited, or when its last run ended by a signal or an exit reason. */
  lastExitCode: number | null;
  /** `Killed: 9`, `Terminated: 15`, … */
  lastSignal: string | null;
  /** launchd or the kernel refused or ended the process: `OS_REASON_CODESIGNING`, `JETSAM_REASON_…`. */
  lastExitReason: string | null;
}

function integer(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = value.trim().match(/^-?\d+/);
  return match ? Number(match[0]) : null;
}

/**
 * `key = value` lines one block deep (inside `<target> = {`), found by counting the blocks rather
 * than the indentation: launchctl indents with tabs, but a record copied through a web page or a
 * terminal comes with spaces or CRLF line ends. The first of each key counts.
 */
function topLevelFields(stdout: string): Map<string, string> {
  const fields = new Map<string, string>();
  let depth = 0;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (/(^|=>?\s*)[{[]$/.test(line)) {
      depth += 1;
      continue;
    }
    if (/^[}\]]/.test(line)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const match = depth === 1 ? line.match(/^([^=]+?) = (.*)$/) : null;
    if (match?.[1] && match[2] !== undefined && !fields.has(match[1])) fields.set(match[1], match[2].trim());
  }
  return fields;
}

export function parsePrint(stdout: string): JobRecord {
  const fields = topLevelFields(stdout);
  const text = (key: string): string | null => fields.get(key) || null;
  // `(never exited)`, `0`, `1`, `78: EX_CONFIG`.
  const exit = fields.get('last exit code');
  return {
    path: text('path'),
    state: text('state'),
    jobState: text('job state'),
    program: text('program'),
    pid: integer(fields.get('pid')),
    runs: integer(fields.get('runs')),
    successiveCrashes: integer(fields.get('successive crashes')),
    lastExitCode: exit === undefined || exit.startsWith('(') ? null : integer(exit),
    lastSignal: text('last terminating signal'),
    lastExitReason: text('last exit reason'),
  };
}

/**
 * `launchctl print-disabled <domain>`: which labels carry a disabled override, read from the
 * `disabled services` block only (newer systems add a `login item associations` block, whose
 * values are not overrides). macOS 26 prints `disabled`/`enabled`, older systems `true`/`false`.
 */
export function parseDisabled(stdout: string): Map<string, boolean> {
  const result = new Map<string, boolean>();
  let inBlock = false;
  for (const line of stdout.split(/\r?\n/)) {
    const opening = line.match(/^\s*([^"=]+?) = \{\s*$/);
    if (opening) {
      inBlock = opening[1] === 'disabled services';
      continue;
    }
    if (/^\s*\}\s*$/.test(line)) {
      inBlock = false;
      continue;
    }
    const entry = inBlock ? line.match(/^\s*"([^"]+)"\s*=>\s*(\w+)\s*$/) : null;
    if (entry?.[1] && entry[2]) result.set(entry[1], entry[2] === 'disabled' || entry[2] === 'true');
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
  for (const line of stdout.split(/\r?\n/)) {
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
 * or minus the signal that ended the last run; path, program, runs, launchd's state and exit
 * reasons are only in `print`. A job that never exited shows 0 there (Finder in real-output/list-01),
 * where `print` says `(never exited)`: a running job's 0 is read as no exit, as `status` reads it.
 */
export function listedRecord(row: ListRow): JobRecord {
  const status = row.status;
  return {
    path: null,
    state: null,
    jobState: null,
    program: null,
    pid: row.pid,
    runs: null,
    successiveCrashes: null,
    lastExitCode: status !== null && status > 0 ? status : null,
    lastSignal: status !== null && status < 0 ? `signal ${-status}` : null,
    lastExitReason: null,
  };
}
