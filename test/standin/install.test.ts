/**
 * The stand-in install's files and command line, shape by shape, against HERMES.md and the files
 * real Hermes wrote (../shared/real-hermes/).
 */
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../support/simulator.js';
import { installHermes, realPython, type HermesInstall } from '../support/standin.js';
import { pythonRepr, runtimeBootstrap, shellQuote } from '../support/standin-install.js';
import { simulator, stopSimulatorsAfterEach } from './fixture.js';

stopSimulatorsAfterEach();

const REAL = join('..', 'shared', 'real-hermes');

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function firstLine(path: string): string {
  return readFileSync(path, 'utf8').split('\n')[0] ?? '';
}

/** The `<string>` values of a plist's ProgramArguments, XML entities decoded. */
function programArguments(plistPath: string): string[] {
  const xml = readFileSync(plistPath, 'utf8');
  const array = /<key>ProgramArguments<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(xml)?.[1] ?? '';
  return [...array.matchAll(/<string>([\s\S]*?)<\/string>/g)].map(([, text = '']) =>
    text.replaceAll('&#x27;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
  );
}

describe('stand-in install: files of each shape', () => {
  it('0.21: code in the root, a store Python, the launcher and the forwarder; no ~/.hermes/bin', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    const python = realPython();
    const root = join(sim.home, '.hermes', 'hermes-agent');
    expect(install).toMatchObject({
      shape: '0.21',
      version: '0.21.3',
      root,
      launcher: join(root, '.hermes', 'bin', 'hermes'),
      python: join(sim.home, '.hermes', 'tools', 'python', `cpython-${python.version}`, 'bin', 'python3'),
      venv: null,
      forwarder: join(sim.home, '.local', 'bin', 'hermes'),
      legacyBin: null,
    });
    for (const file of ['hermes_bootstrap.py', 'hermes_cli/main.py', 'hermes_cli/stderr_timestamp.py', 'gateway/run.py', 'gateway/cgroup_cleanup.py']) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    // As real Hermes declares it (hermes_cli/__init__.py), and as `hermes --version` prints it.
    expect(readFileSync(join(root, 'hermes_cli', '__init__.py'), 'utf8')).toMatch(/^__version__ = "0\.21\.3"\n__release_date__ = "2026\.11\.20"$/m);
    expect((await runProgram(install.launcher, ['--version'], sim.env)).stdout).toMatch(/^Hermes Agent v0\.21\.3 \(2026\.11\.20\)$/m);
    expect(lstatSync(install.python).isSymbolicLink()).toBe(true);
    expect(realpathSync(install.python)).toBe(python.executable);
    expect(existsSync(join(sim.home, '.hermes', 'bin', 'hermes'))).toBe(false);

    // The launcher: #!/bin/sh, exec of the store Python in isolated mode with its script.
    expect(mode(install.launcher)).toBe(0o755);
    const launcher = readFileSync(install.launcher, 'utf8');
    expect(launcher.startsWith(`#!/bin/sh\nexec ${shellQuote(install.python)} -I -c '`)).toBe(true);
    expect(launcher.endsWith(`' "$@"\n`)).toBe(true);
    const script = launcher.slice(launcher.indexOf(" -I -c '") + 8, -7).replaceAll(`'"'"'`, "'");
    expect(script).toContain(`os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or ${pythonRepr(install.defaultHome)}`);
    expect(script).toContain(`sys.path.insert(0, ${pythonRepr(root)})`);
    // The forwarder: one exec of the launcher.
    expect(mode(install.forwarder ?? '')).toBe(0o755);
    expect(readFileSync(install.forwarder ?? '', 'utf8')).toBe(`#!/bin/sh\nexec ${install.launcher} "$@"\n`);
  });

  it('0.21 options: no forwarder, the legacy ~/.hermes/bin copy, a root elsewhere', async () => {
    const sim = await simulator();
    const root = join(sim.root, 'elsewhere', 'hermes-agent');
    const install = installHermes(sim.home, { forwarder: false, legacyBin: true, root });
    expect(install.root).toBe(root);
    expect(install.forwarder).toBeNull();
    expect(existsSync(join(sim.home, '.local', 'bin', 'hermes'))).toBe(false);
    expect(install.legacyBin).toBe(join(sim.home, '.hermes', 'bin', 'hermes'));
    expect(readFileSync(install.legacyBin ?? '', 'utf8')).toBe(readFileSync(install.launcher, 'utf8'));
    expect(mode(install.legacyBin ?? '')).toBe(0o755);
    const version = await runProgram(install.launcher, ['--version'], sim.env);
    expect(version.stdout).toContain(`Install directory: ${root}\n`);
  });

  for (const shape of ['0.21-nostore', '0.18'] as const) {
    it(`${shape}: a venv laid out as python -m venv does, with a console script`, async () => {
      const sim = await simulator();
      const install = installHermes(sim.home, { shape });
      const python = realPython();
      const venv = join(install.root, 'venv');
      expect(install).toMatchObject({
        shape,
        version: shape === '0.18' ? '0.18.2' : '0.21.3',
        venv,
        launcher: join(venv, 'bin', 'hermes'),
        python: join(venv, 'bin', 'python'),
        forwarder: null,
      });
      expect(readlinkSync(join(venv, 'bin', 'python3'))).toBe(python.executable);
      expect(readlinkSync(join(venv, 'bin', 'python'))).toBe('python3');
      expect(readFileSync(join(venv, 'pyvenv.cfg'), 'utf8')).toContain(
        `home = ${join(python.executable, '..')}\ninclude-system-site-packages = false\nversion = ${python.version}\n`,
      );
      const pth = join(venv, 'lib', `python${python.series}`, 'site-packages', 'hermes.pth');
      expect(readFileSync(pth, 'utf8')).toBe(`${install.root}\n`);
      expect(mode(install.launcher)).toBe(0o755);
      // 0.18's pip wrote bin/python3 (real-hermes README: the process is [<venv>/bin/python3,
      // <venv>/bin/hermes, gateway, run]); a uv checkout writes bin/python (its runtime command).
      expect(firstLine(install.launcher)).toBe(`#!${join(venv, 'bin', shape === '0.18' ? 'python3' : 'python')}`);
      expect(readFileSync(install.launcher, 'utf8')).toContain('from hermes_cli.main import main');
      expect(existsSync(join(install.root, '.hermes'))).toBe(false);
      expect(existsSync(join(sim.home, '.hermes', 'tools'))).toBe(false);
    });
  }

  it('a venv shape can put a symlink to its console script on ~/.local/bin, as older installers did', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.18', forwarder: true });
    expect(install.forwarder).toBe(join(sim.home, '.local', 'bin', 'hermes'));
    expect(readlinkSync(install.forwarder ?? '')).toBe(install.launcher);
    expect((await runProgram(install.forwarder ?? '', ['--version'], sim.env)).stdout).toMatch(/^Hermes Agent v0\.18\.2 /);
  });

  it('an install is moved and put back with plain renames (a launcher moved by an upgrade)', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    await rename(install.root, `${install.root}.moved`);
    await expect(runProgram(install.launcher, ['--version'], sim.env)).rejects.toThrow(/ENOENT/);
    expect((await runProgram(install.forwarder ?? '', ['--version'], sim.env)).exit).toBe(127);
    await rename(`${install.root}.moved`, install.root);
    expect((await runProgram(install.forwarder ?? '', ['--version'], sim.env)).exit).toBe(0);
  });
});

describe('stand-in install: the command line', () => {
  async function installed(shape: HermesInstall['shape']): Promise<{ install: HermesInstall; env: Record<string, string> }> {
    const sim = await simulator();
    return { install: installHermes(sim.home, { shape }), env: sim.env };
  }

  for (const [shape, line] of [
    ['0.21', 'Hermes Agent v0.21.3 (2026.11.20)'],
    ['0.21-nostore', 'Hermes Agent v0.21.3 (2026.11.20)'],
    ['0.18', 'Hermes Agent v0.18.2 (2026.07.14)'],
  ] as const) {
    it(`${shape}: --version prints the version, the install directory and the Python`, async () => {
      const { install, env } = await installed(shape);
      const result = await runProgram(install.launcher, ['--version'], env);
      expect(result.exit).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines.slice(0, 3)).toEqual([line, `Install directory: ${install.root}`, `Python: ${realPython().version}`]);
    });
  }

  for (const shape of ['0.21', '0.21-nostore'] as const) {
    it(`${shape}: --print-runtime-command answers runtimeCommand(), for any module and arguments`, async () => {
      const { install, env } = await installed(shape);
      const print = async (args: string[]): Promise<unknown> => {
        const result = await runProgram(install.launcher, ['--print-runtime-command', ...args], env);
        expect(result.exit, result.stderr).toBe(0);
        expect(result.stdout.split('\n')).toHaveLength(2); // one line of JSON
        return JSON.parse(result.stdout);
      };
      expect(await print([])).toEqual(install.runtimeCommand());
      expect(await print(['--module', 'gateway.cgroup_cleanup'])).toEqual(install.runtimeCommand('gateway.cgroup_cleanup'));
      expect(await print(['--', 'gateway', 'run', '--external-supervisor'])).toEqual(
        install.runtimeCommand('hermes_cli.main', ['gateway', 'run', '--external-supervisor']),
      );
      // Without HERMES_HOME the bootstrap defaults to the install's home; with it, to that home.
      const { HERMES_HOME: _unset, ...bare } = env;
      expect(JSON.parse((await runProgram(install.launcher, ['--print-runtime-command'], bare)).stdout)).toEqual(install.runtimeCommand());
      const other = join(install.userHome, 'other-home');
      expect(JSON.parse((await runProgram(install.launcher, ['--print-runtime-command'], { ...env, HERMES_HOME: other })).stdout)).toEqual(
        install.runtimeCommand('hermes_cli.main', [], other),
      );
      // The command runs: the same Hermes, from any directory.
      const [python = '', ...args] = install.runtimeCommand('hermes_cli.main', ['--version']) ?? [];
      expect((await runProgram(python, args, env)).stdout).toContain(`Install directory: ${install.root}`);
    });
  }

  it('0.21: --run-module runs a module of the install as __main__ with the arguments that follow', async () => {
    const { install, env } = await installed('0.21');
    const version = await runProgram(install.launcher, ['--run-module', 'hermes_cli.main', '--version'], env);
    expect(version.stdout).toMatch(/^Hermes Agent v0\.21\.3 /);
    const input = join(install.userHome, 'input.json');
    await writeFile(input, '{"a": [1, 2]}');
    expect(await runProgram(install.launcher, ['--run-module', 'json.tool', '--compact', input], env)).toEqual({
      exit: 0,
      stdout: '{"a":[1,2]}\n',
      stderr: '',
    });
  });

  it("0.21: the units' ExecStopPost (--run-module gateway.cgroup_cleanup) refuses to run outside systemd", async () => {
    const { install, env } = await installed('0.21');
    const result = await runProgram(install.launcher, ['--run-module', 'gateway.cgroup_cleanup'], env);
    expect(result).toMatchObject({ exit: 1, stderr: 'cgroup_cleanup: refusing: not started by systemd (ExecStopPost)\n' });
  });

  it('0.18: neither --print-runtime-command nor --run-module; gateway run rejects --external-supervisor', async () => {
    const { install, env } = await installed('0.18');
    expect(install.runtimeCommand()).toBeNull();
    for (const args of [['--print-runtime-command'], ['--run-module', 'hermes_cli.main', '--version']]) {
      const result = await runProgram(install.launcher, args, env);
      expect(result.exit).toBe(2);
      expect(result.stderr).toMatch(/^usage: hermes /);
    }
    const rejected = await runProgram(install.launcher, ['gateway', 'run', '--external-supervisor'], env);
    expect(rejected.exit).toBe(2);
    expect(rejected.stderr).toContain('hermes: error: unrecognized arguments: --external-supervisor');
    // python -m hermes_cli.main works through the venv's .pth
    const viaModule = await runProgram(join(install.venv ?? '', 'bin', 'python'), ['-m', 'hermes_cli.main', '--version'], env);
    expect(viaModule.stdout).toMatch(/^Hermes Agent v0\.18\.2 /);
  });

  it('anything but gateway run is a usage error (exit 2); a profile must be a name and exist', async () => {
    const { install, env } = await installed('0.21');
    for (const args of [[], ['gateway', 'start'], ['gateway', 'run', '--bogus'], ['--profile', 'Bad Name', 'gateway', 'run']]) {
      const result = await runProgram(install.launcher, args, env);
      expect(result.exit, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^usage: hermes/);
    }
    const missing = await runProgram(install.launcher, ['--profile', 'work', 'gateway', 'run'], env);
    expect(missing).toMatchObject({ exit: 1, stderr: expect.stringContaining("Profile 'work' does not exist") as unknown });
  });
});

describe('stand-in install: against the files real Hermes wrote', () => {
  /** Paths of real-hermes/0.21/*-nostore.* (a /Users/dev install), substituted by this install's. */
  function substitute(text: string, install: HermesInstall): string {
    return text
      .replaceAll('/Users/dev/.hermes/hermes-agent/venv/bin/python', install.python)
      .replaceAll('/Users/dev/.hermes/hermes-agent', install.root)
      .replaceAll('/Users/dev/.hermes', install.defaultHome);
  }

  it('the nostore plist runs exactly --print-runtime-command of the wrapper and of the gateway', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.21-nostore' });
    const real = programArguments(join(REAL, '0.21', 'a-default-nostore.ai.hermes.gateway.plist')).map((arg) => substitute(arg, install));
    const log = join(install.defaultHome, 'logs', 'gateway.error.log');
    expect(real).toEqual([
      ...(install.runtimeCommand('hermes_cli.stderr_timestamp', ['--error-log', log, '--']) ?? []),
      ...(install.runtimeCommand('hermes_cli.main', ['gateway', 'run', '--external-supervisor']) ?? []),
    ]);
  });

  it('the profile plist of a nostore install: the default home of its bootstrap is the profile', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.21-nostore' });
    const profile = join(install.defaultHome, 'profiles', 'work');
    await mkdir(profile, { recursive: true });
    const real = programArguments(join(REAL, '0.21', 'b-profile-work-nostore.ai.hermes.gateway-work.plist')).map((arg) =>
      substitute(arg, install),
    );
    const printed = await runProgram(install.launcher, ['--print-runtime-command', '--', '--profile', 'work', 'gateway', 'run', '--external-supervisor'], {
      ...sim.env,
      HERMES_HOME: profile,
    });
    expect(real.slice(-9)).toEqual(JSON.parse(printed.stdout));
    expect(runtimeBootstrap(install.root, profile, 'hermes_cli.main')).toBe(real.at(-6));
  });

  it('the 0.21 plist names the launcher; its wrapper runs through --run-module', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home);
    const real = programArguments(join(REAL, '0.21', 'a-default.ai.hermes.gateway.plist')).map((arg) =>
      arg.replaceAll('/Users/u/.hermes/hermes-agent', install.root).replaceAll('/Users/u/.hermes', install.defaultHome),
    );
    expect(real).toEqual([
      install.launcher,
      '--run-module',
      'hermes_cli.stderr_timestamp',
      '--error-log',
      join(install.defaultHome, 'logs', 'gateway.error.log'),
      '--',
      install.launcher,
      'gateway',
      'run',
      '--external-supervisor',
    ]);
  });

  it('0.18 plists run <venv>/bin/python -m hermes_cli.main … --replace, which 0.18 accepts', async () => {
    const sim = await simulator();
    const install = installHermes(sim.home, { shape: '0.18' });
    const real = programArguments(join(REAL, '0.18', 'b-profile-work.ai.hermes.gateway-work.plist')).map((arg) =>
      arg.replaceAll('/Users/old/.hermes/hermes-agent', install.root),
    );
    expect(real).toEqual([install.python, '-m', 'hermes_cli.main', '--profile', 'work', 'gateway', 'run', '--replace']);
    const unit = readFileSync(join(REAL, '0.18', 'installed-by-hermes-gateway-install.hermes-gateway.service'), 'utf8');
    expect(unit).toContain('ExecStart=/home/u/.hermes/hermes-agent/venv/bin/python -m hermes_cli.main gateway run\n');
  });
});
