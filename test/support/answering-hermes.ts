/**
 * A Hermes install that only answers questions, the way real Hermes would on the machine a
 * real-hermes/ file came from: `--version`, and `--print-runtime-command --module M` with
 * Hermes's own bootstrap (taken from that version's real files, never written here). Its programs
 * exist (the Pythons are the machine's python3), so definitions naming them are usable. It runs no
 * gateway: that is the stand-in Hermes's job.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as plist from 'plist';
import type { InstallShape, Place } from './real-hermes.js';
import { localized, realHermesDefinitions } from './real-hermes.js';

let python: string | null = null;

/** The machine's real python3 binary (never a shim script). */
export function realPython(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return python;
}

const ANSWER = String.raw`
import json, sys
config = json.load(open(sys.argv[1]))
args = sys.argv[2:]
if args[:1] == ['--version']:
    print('Hermes Agent v%s (%s)' % (config['version'], config['date']))
    sys.exit(0)
if args[:1] == ['--print-runtime-command'] and config['bootstrap'] is not None:
    module = args[args.index('--module') + 1] if '--module' in args else 'hermes_cli.main'
    extra = args[args.index('--') + 1:] if '--' in args else []
    import os
    home = os.environ.get('HERMES_HOME') or config['defaultHome']
    script = config['bootstrap'].replace('{MODULE}', module).replace('{HOME}', home)
    print(json.dumps([config['python'], '-I', '-c', script] + extra))
    sys.exit(0)
sys.stderr.write('usage: hermes [-h] [--version] ...\nhermes: error: unrecognized arguments: %s\n' % ' '.join(args))
sys.exit(2)
`;

export interface AnsweringInstall {
  /** What `hermes` is: the store install's launcher, else the venv's console script. */
  hermes: string;
  root: string;
  python: string;
}

/** Hermes's bootstrap of `shape`, from a real file of that shape, with the module and default home left as {MODULE} and {HOME}. */
function bootstrapTemplate(shape: InstallShape, place: Place): string {
  const sample = realHermesDefinitions().find((d) => d.shape === shape && d.kind === 'plist' && (shape !== '0.21' || d.home === 'custom'));
  if (!sample) throw new Error(`no real ${shape} plist with a bootstrap`);
  const moved = localized(sample, place);
  const args = (plist.parse(moved.text) as { ProgramArguments: string[] }).ProgramArguments;
  const script = args[3] ?? '';
  return script.replace(/run_module\('[^']+'/, "run_module('{MODULE}'").replace(`or '${moved.home}'`, "or '{HOME}'");
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

function executable(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** Installs, at the paths real-hermes/'s files name on `place`, a Hermes of `shape` that answers as real Hermes would. */
export function installAnsweringHermes(shape: InstallShape, place: Place): AnsweringInstall {
  const root = path.join(place.userHome, '.hermes', 'hermes-agent');
  const helper = path.join(root, '.answer.py');
  executable(helper, ANSWER);
  const config = path.join(root, '.answer.json');
  const venvPython = path.join(root, 'venv', 'bin', 'python');
  if (shape === '0.21') {
    const store = path.join(place.userHome, '.hermes', 'tools', 'python', 'cpython-3.14.0', 'bin', 'python3');
    link(realPython(), store);
    writeFileSync(config, JSON.stringify({ version: '0.21.3', date: '2026.11.20', python: store, defaultHome: path.join(place.userHome, '.hermes'), bootstrap: bootstrapTemplate(shape, place) }));
    const launcher = path.join(root, '.hermes', 'bin', 'hermes');
    executable(launcher, `#!/bin/sh\nexec '${realPython()}' '${helper}' '${config}' "$@"\n`);
    return { hermes: launcher, root, python: store };
  }
  link(realPython(), venvPython);
  const bootstrap = shape === '0.18' ? null : bootstrapTemplate(shape, place);
  const [version, date] = shape === '0.18' ? ['0.18.2', '2026.07.14'] : ['0.21.3', '2026.11.20'];
  writeFileSync(config, JSON.stringify({ version, date, python: venvPython, defaultHome: path.join(place.userHome, '.hermes'), bootstrap }));
  const script = path.join(root, 'venv', 'bin', 'hermes');
  // pip writes the venv's `python3` into a console script's shebang; Hermes's own files name `python`.
  link(realPython(), `${venvPython}3`);
  executable(script, `#!${venvPython}3\nimport sys\nsys.argv[1:1] = [${JSON.stringify(config)}]\nexec(open(${JSON.stringify(helper)}).read())\n`);
  return { hermes: script, root, python: venvPython };
}
