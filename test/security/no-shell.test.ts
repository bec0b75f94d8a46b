/**
 * DESIGN.md rule 7: no command ever goes through a shell; every argument is passed as a list.
 * Statically over electron/**, and by watching every child process the real CLI starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture } from '../integration/fixture.js';
import { cli } from '../support/cli.js';
import { cliSpawnsWithoutShell, watchedEnv } from './spawn-records.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Forbidden {
  what: string;
  pattern: RegExp;
}

const SHELLS = '(?:ba|z|da|k|c|tc|fi)?sh';

/** What would run a command through a shell, or parse a command string like one. */
const FORBIDDEN: Forbidden[] = [
  { what: 'a shell option', pattern: /\bshell\s*:\s*(?!false\b)(?:true\b|['"`]|[\w$.]+\s*(?:[,}]|$))/ },
  { what: 'a shell option (shorthand)', pattern: /^(?!\s*import\b).*[{,]\s*shell\s*[,}]/ },
  { what: 'execaCommand (parses a command string)', pattern: /\bexecaCommand(?:Sync)?\b/ },
  { what: "execa's $ script interface", pattern: /import\s*\{[^}]*(?<![\w$])\$(?![\w$])[^}]*\}\s*from\s*['"]execa['"]/ },
  { what: 'child_process exec/execSync (always a shell)', pattern: /\bchild_?process\s*\.\s*exec(?:Sync)?\s*\(|(?<![\w$.])exec(?:Sync)?\s*\(|\bexecSync\b/i },
  { what: 'exec/execSync imported from child_process', pattern: /import\s*\{[^}]*\bexec(?:Sync)?\b[^}]*\}\s*from\s*['"](?:node:)?child_process['"]/ },
  { what: 'a shell program', pattern: new RegExp(`/bin/${SHELLS}\\b|['"\`]${SHELLS}['"\`]\\s*,\\s*\\[|\\bcmd(?:\\.exe)?['"\`]`) },
  { what: 'a "-c" command-string argument', pattern: /['"`]-c['"`]/ },
];

interface Hit {
  file: string;
  line: number;
  what: string;
  text: string;
}

function scan(file: string, text: string): Hit[] {
  const hits: Hit[] = [];
  // A multi-line import is joined onto its first line (its line breaks moved after it, so later
  // line numbers hold) for the import patterns to see it whole.
  const joined = text.replace(/import\s*\{[^}]*\}\s*from\s*['"][^'"]+['"]/g, (match) => {
    const breaks = match.split('\n').length - 1;
    return match.replace(/\s*\n\s*/g, ' ') + '\n'.repeat(breaks);
  });
  joined.split('\n').forEach((line, index) => {
    if (/^\s*(?:\*|\/\/|\/\*)/.test(line)) return; // comment lines: prose, not code
    for (const { what, pattern } of FORBIDDEN) {
      if (pattern.test(line)) hits.push({ file, line: index + 1, what, text: line.trim() });
    }
  });
  return hits;
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('no shell, statically', () => {
  it('finds the forms it must refuse, and not their harmless look-alikes', () => {
    const refused = [
      "await execa('launchctl', args, { shell: true });",
      "spawn(program, args, { stdio: 'ignore', shell: '/bin/zsh' });",
      'spawn(program, args, { env, shell });',
      "await execaCommand('launchctl print gui/501');",
      "import { $ } from 'execa';",
      "import { execa, $ } from 'execa';",
      "child_process.exec('launchctl list');",
      "childProcess.execSync('ps -ax');",
      "exec('ps -ax', callback);",
      "import { exec } from 'node:child_process';",
      "import {\n  execFile,\n  execSync,\n} from 'child_process';",
      "await execa('/bin/sh', ['-c', command]);",
      "spawn('bash', ['-lc', line]);",
      "execFile('sh', ['-c', line]);",
    ];
    for (const snippet of refused) expect(scan('snippet.ts', snippet), snippet).not.toEqual([]);
    const harmless = [
      "import { app, clipboard, shell } from 'electron';",
      'await shell.openExternal(LOGIN_ITEMS_SETTINGS_URL);',
      "const failure = await shell.openPath(file);",
      "await execa('ps', ['-axww', '-o', 'pid=,ppid=,command='], { reject: false });",
      "await execa(this.binary, args, { reject: false, stdin: 'ignore', shell: false });",
      'const pid = /^\\tpid = (\\d+)$/m.exec(printed.stdout)?.[1];',
      ' * The process table, read without a shell: one `ps` for every process',
      '// no shell: true here, ever',
    ];
    for (const snippet of harmless) expect(scan('snippet.ts', snippet), snippet).toEqual([]);
  });

  it('electron/** starts no process through a shell', () => {
    const files = typescriptFiles(path.join(ROOT, 'electron'));
    expect(files.length).toBeGreaterThan(30);
    const hits = files.flatMap((file) => scan(path.relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(hits.map((hit) => `${hit.file}:${hit.line}: ${hit.what}: ${hit.text}`)).toEqual([]);
  });
});

describe('no shell, watched', () => {
  it('every child process the CLI starts (launchctl, ps) gets an argument list and no shell', async () => {
    const fx = await fixture();
    try {
      const log = path.join(fx.sim.root, 'spawns.jsonl');
      const env = { ...fx.sim.env, ...watchedEnv(log) };
      for (const args of [['start'], ['status'], ['restart'], ['doctor'], ['repair'], ['list'], ['stop']]) {
        const run = await cli([...args, '--json'], env);
        expect(run.exitCode, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(0);
      }
      const fromCli = await cliSpawnsWithoutShell(log);
      // The recorder saw the CLI's commands (a recorder that sees nothing proves nothing).
      expect(fromCli.filter((record) => record.file === fx.sim.launchctlPath).length).toBeGreaterThan(5);
      expect(fromCli.some((record) => record.args[0] === 'bootstrap')).toBe(true);
    } finally {
      await fx.finish();
    }
  });
});
