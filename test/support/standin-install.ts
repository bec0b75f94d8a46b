/**
 * Lays out a stand-in Hermes install in the shapes real installs take (HERMES.md "The install and
 * its launcher", ../shared/real-hermes/README.md "The processes seen"), running the Python
 * stand-in of test/standin-hermes/ with the machine's own python3 (stdlib only):
 *
 * - `0.21`: code in `<root>`, a store Python `~/.hermes/tools/python/cpython-<v>/bin/python3`
 *   (a symlink to the real binary), the launcher `<root>/.hermes/bin/hermes` (`#!/bin/sh`, exec
 *   of the store Python `-I -c '<launcher script>' "$@"`), the forwarder `~/.local/bin/hermes`;
 * - `0.21-nostore` (developer checkouts): a venv at `<root>/venv` whose `bin/hermes` console
 *   script runs Hermes; plists and units use `<venv>/bin/python -I -c '<bootstrap>'`;
 * - `0.18`: the same venv shape, `python -m hermes_cli.main`, no runtime command.
 *
 * Everything is written by hand (no `python -m venv`: 0.6 s against a few ms).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '../sim/repo-paths.js';

export type HermesShape = '0.21' | '0.21-nostore' | '0.18';

export interface InstallOptions {
  /** Default `0.21`. */
  shape?: HermesShape;
  /** The install root; default `<userHome>/.hermes/hermes-agent`. */
  root?: string;
  /** `~/.local/bin/hermes`: default true for `0.21`, false otherwise. */
  forwarder?: boolean;
  /** `0.21` only: `~/.hermes/bin/hermes`, a copy of the launcher (older installs kept it). */
  legacyBin?: boolean;
}

export interface HermesInstall {
  shape: HermesShape;
  /** `0.21.3` or `0.18.2`. */
  version: string;
  releaseDate: string;
  userHome: string;
  /** `<userHome>/.hermes`: the home the install's bootstraps default to. */
  defaultHome: string;
  /** The install root, symlinks resolved. */
  root: string;
  /** The install's `hermes`: `<root>/.hermes/bin/hermes` (0.21), `<root>/venv/bin/hermes` otherwise. */
  launcher: string;
  /** The Python its definitions run: the store Python (0.21), `<root>/venv/bin/python` otherwise. */
  python: string;
  /** `<root>/venv`, or null (0.21 with a store Python). */
  venv: string | null;
  /** `~/.local/bin/hermes`, or null. */
  forwarder: string | null;
  /** `~/.hermes/bin/hermes`, or null. */
  legacyBin: string | null;
  /**
   * What `hermes --print-runtime-command [--module M] [-- ARGS]` prints (null for 0.18, which has
   * no such command), for a caller whose HERMES_HOME is `home` (default: the install's default).
   */
  runtimeCommand(module?: string, args?: readonly string[], home?: string): string[] | null;
}

const VERSIONS: Record<HermesShape, { version: string; releaseDate: string }> = {
  '0.21': { version: '0.21.3', releaseDate: '2026.11.20' },
  '0.21-nostore': { version: '0.21.3', releaseDate: '2026.11.20' },
  '0.18': { version: '0.18.2', releaseDate: '2026.07.14' },
};

interface RealPython {
  /** The binary itself, symlinks resolved (never a pyenv shim). */
  executable: string;
  /** `3.11.2`. */
  version: string;
  /** `3.11`. */
  series: string;
  /** `cpython-311`: the tag of its bytecode files. */
  cacheTag: string;
}

let realPythonCache: RealPython | null = null;

/** The machine's python3, found once per process: Debian's /usr/bin/python3, else PATH's. */
export function realPython(): RealPython {
  if (realPythonCache !== null) return realPythonCache;
  const probe = [
    'import os, sys',
    'print(os.path.realpath(sys.executable))',
    'print("%d.%d.%d" % sys.version_info[:3])',
    'print(sys.implementation.cache_tag)',
  ].join('; ');
  const failures: string[] = [];
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      const [executable = '', version = '', cacheTag = ''] = execFileSync(candidate, ['-I', '-c', probe], { encoding: 'utf8' })
        .trim()
        .split('\n');
      realPythonCache = { executable, version, series: version.split('.').slice(0, 2).join('.'), cacheTag };
      return realPythonCache;
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new Error(`the stand-in Hermes needs python3 (scripts/setup.sh installs it): ${failures.join('; ')}`);
}

interface SourceFile {
  /** Relative to the install root, e.g. `hermes_cli/main.py`. */
  path: string;
  text: Buffer;
}

const SOURCE_DIR = join(repoRoot(), 'test', 'standin-hermes');

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

function readTree(base: string, keep: (name: string) => boolean): SourceFile[] {
  return listFiles(base, keep).map((path) => ({ path: relative(base, path), text: readFileSync(path) }));
}

/** Compiles the sources to `__pycache__/*.pyc` files Python loads without checking the source. */
const COMPILE = [
  'import importlib.util, os, py_compile, sys',
  'base, out = sys.argv[1], sys.argv[2]',
  'for rel in sys.argv[3:]:',
  '    py_compile.compile(os.path.join(base, rel), cfile=os.path.join(out, importlib.util.cache_from_source(rel)),',
  '                       doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)',
].join('\n');

let filesCache: SourceFile[] | null = null;

/** The one source whose text each install writes itself (its version lines), and so has no precompiled bytecode. */
const VERSION_FILE = join('hermes_cli', '__init__.py');

/** `hermes_cli/__init__.py` with the version lines real Hermes has: `__version__ = "0.21.3"`. */
function versionSource(template: Buffer, version: string, releaseDate: string): string {
  const text = template
    .toString('utf8')
    .replace(/^__version__ = ".*"$/m, `__version__ = "${version}"`)
    .replace(/^__release_date__ = ".*"$/m, `__release_date__ = "${releaseDate}"`);
  if (!text.includes(`__version__ = "${version}"`)) throw new Error(`${VERSION_FILE} of the stand-in has no __version__ line`);
  return text;
}

/**
 * The stand-in's sources (test/standin-hermes/**.py) and their bytecode, read once per process.
 * The bytecode is compiled once per machine (a folder in the temporary directory named after the
 * sources and the Python), so no gateway compiles its install's code at start (~30 ms each).
 */
function installFiles(python: RealPython): SourceFile[] {
  if (filesCache !== null) return filesCache;
  const sources = readTree(SOURCE_DIR, (name) => name.endsWith('.py'));
  const key = createHash('sha256').update(`${python.executable}\0${python.version}\0`);
  for (const file of sources) key.update(`${file.path}\0`).update(file.text);
  const compiled = join(tmpdir(), `hermes-standin-pyc-${key.digest('hex').slice(0, 16)}`);
  if (!existsSync(compiled)) {
    const staging = `${compiled}.${process.pid}`;
    execFileSync(python.executable, ['-I', '-c', COMPILE, SOURCE_DIR, staging, ...sources.map((file) => file.path)]);
    try {
      renameSync(staging, compiled);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process got there first
    }
  }
  const bytecode = readTree(compiled, (name) => name.endsWith(`.${python.cacheTag}.pyc`));
  const versionBytecode = join(dirname(VERSION_FILE), '__pycache__', `__init__.${python.cacheTag}.pyc`);
  filesCache = [...sources, ...bytecode.filter((file) => file.path !== versionBytecode)];
  return filesCache;
}

/** Python's repr() of a str (printable text: the paths of a test's fake home). */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's shlex.quote(), which Hermes writes its shell launchers with. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** The bootstrap of `--print-runtime-command` (the `-c` of real-hermes's *-nostore files). */
export function runtimeBootstrap(root: string, home: string, module: string): string {
  return [
    'import os, sys, runpy',
    `os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or ${pythonRepr(home)}`,
    "os.environ.pop('PYTHONHOME', None)",
    "os.environ.pop('PYTHONPATH', None)",
    "os.environ.pop('VIRTUAL_ENV', None)",
    `sys.path.insert(0, ${pythonRepr(root)})`,
    'import hermes_bootstrap',
    `runpy.run_module(${pythonRepr(module)}, run_name='__main__', alter_sys=True)`,
  ].join('; ');
}

/**
 * The script the store launcher hands Python: the install's default home, the environment
 * cleared, the root on sys.path; `--print-runtime-command` answered before `hermes_bootstrap`,
 * `--run-module M` run as __main__, anything else to `hermes_cli.main` (so a gateway's sys.argv
 * is `["-c", "gateway", "run", …]`).
 */
function launcherScript(root: string, home: string): string {
  return [
    'import os, sys',
    `os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or ${pythonRepr(home)}`,
    "os.environ.pop('PYTHONHOME', None)",
    "os.environ.pop('PYTHONPATH', None)",
    `sys.path.insert(0, ${pythonRepr(root)})`,
    "if sys.argv[1:2] == ['--print-runtime-command']:",
    '    from hermes_cli._launchers import print_runtime_command',
    `    print_runtime_command(${pythonRepr(root)}, sys.argv[2:])`,
    '    sys.exit(0)',
    'import hermes_bootstrap',
    "if sys.argv[1:2] == ['--run-module']:",
    '    import runpy',
    '    if len(sys.argv) < 3:',
    "        sys.exit('hermes: --run-module needs a module')",
    '    module = sys.argv.pop(2)',
    '    del sys.argv[1]',
    "    runpy.run_module(module, run_name='__main__', alter_sys=True)",
    '    sys.exit(0)',
    'from hermes_cli.main import main',
    'sys.exit(main())',
    '',
  ].join('\n');
}

function shellExec(command: readonly string[]): string {
  return `#!/bin/sh\nexec ${command.map(shellQuote).join(' ')} "$@"\n`;
}

/** A console script as pip writes one for `hermes = hermes_cli.main:main`. */
function consoleScript(python: string): string {
  return [
    `#!${python}`,
    '# -*- coding: utf-8 -*-',
    'import re',
    'import sys',
    'from hermes_cli.main import main',
    "if __name__ == '__main__':",
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
    '    sys.exit(main())',
    '',
  ].join('\n');
}

function writeExecutable(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A symlink, replacing what was there (an install written over an older one). */
function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/** A venv as `python -m venv` lays it out, with the install root on its path (`hermes.pth`). */
function writeVenv(venv: string, root: string, python: RealPython): void {
  const bin = join(venv, 'bin');
  link(python.executable, join(bin, 'python3'));
  link('python3', join(bin, 'python'));
  link('python3', join(bin, `python${python.series}`));
  const sitePackages = join(venv, 'lib', `python${python.series}`, 'site-packages');
  mkdirSync(sitePackages, { recursive: true });
  writeFileSync(join(sitePackages, 'hermes.pth'), `${root}\n`);
  link('lib', join(venv, 'lib64'));
  mkdirSync(join(venv, 'include'), { recursive: true });
  writeFileSync(
    join(venv, 'pyvenv.cfg'),
    [
      `home = ${dirname(python.executable)}`,
      'include-system-site-packages = false',
      `version = ${python.version}`,
      `executable = ${python.executable}`,
      `command = ${python.executable} -m venv ${venv}`,
      '',
    ].join('\n'),
  );
}

/**
 * `~/.hermes/tools/python/cpython-<v>/bin/python3`: the real binary, with a `pyvenv.cfg` that
 * gives it its own prefix, as a standalone store Python has (Debian's dist-packages, and the
 * .pth files in it, stay out of its path).
 */
function writeStorePython(defaultHome: string, python: RealPython): string {
  const prefix = join(defaultHome, 'tools', 'python', `cpython-${python.version}`);
  const interpreter = join(prefix, 'bin', 'python3');
  link(python.executable, interpreter);
  writeFileSync(
    join(prefix, 'pyvenv.cfg'),
    `home = ${dirname(python.executable)}\ninclude-system-site-packages = false\nversion = ${python.version}\n`,
  );
  return interpreter;
}

/** Writes a stand-in Hermes install for the fake HOME `userHome` (see the module comment). */
export function installHermes(userHome: string, options: InstallOptions = {}): HermesInstall {
  const shape = options.shape ?? '0.21';
  const { version, releaseDate } = VERSIONS[shape];
  const python = realPython();
  const defaultHome = join(userHome, '.hermes');
  mkdirSync(options.root ?? join(defaultHome, 'hermes-agent'), { recursive: true });
  const root = realpathSync(options.root ?? join(defaultHome, 'hermes-agent'));
  const files = installFiles(python);
  for (const dir of new Set(files.map((file) => dirname(file.path)))) mkdirSync(join(root, dir), { recursive: true });
  for (const file of files) writeFileSync(join(root, file.path), file.path === VERSION_FILE ? versionSource(file.text, version, releaseDate) : file.text);

  const localBin = join(userHome, '.local', 'bin', 'hermes');
  let launcher: string;
  let interpreter: string;
  let venv: string | null = null;
  let forwarder: string | null = null;
  let legacyBin: string | null = null;
  if (shape === '0.21') {
    interpreter = writeStorePython(defaultHome, python);
    launcher = join(root, '.hermes', 'bin', 'hermes');
    const launcherText = shellExec([interpreter, '-I', '-c', launcherScript(root, defaultHome)]);
    writeExecutable(launcher, launcherText);
    if (options.forwarder ?? true) writeExecutable((forwarder = localBin), shellExec([launcher]));
    if (options.legacyBin === true) writeExecutable((legacyBin = join(defaultHome, 'bin', 'hermes')), launcherText);
  } else {
    venv = join(root, 'venv');
    writeVenv(venv, root, python);
    interpreter = join(venv, 'bin', 'python');
    launcher = join(venv, 'bin', 'hermes');
    // uv (developer checkouts) writes `bin/python` into console scripts, 0.18's pip `bin/python3`:
    // the runtime command names the one its console script runs (real-hermes *-nostore files).
    writeExecutable(launcher, consoleScript(join(venv, 'bin', shape === '0.18' ? 'python3' : 'python')));
    // Older installers symlinked the console script onto PATH.
    if (options.forwarder === true) link(launcher, (forwarder = localBin));
  }

  return {
    shape,
    version,
    releaseDate,
    userHome,
    defaultHome,
    root,
    launcher,
    python: interpreter,
    venv,
    forwarder,
    legacyBin,
    runtimeCommand: (module = 'hermes_cli.main', args = [], home = defaultHome) =>
      shape === '0.18' ? null : [interpreter, '-I', '-c', runtimeBootstrap(root, home, module), ...args],
  };
}
