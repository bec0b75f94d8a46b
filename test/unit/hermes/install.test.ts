/** Finding the Hermes install (HERMES.md's order) and asking it how it runs the gateway. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInstall, forwarderTarget, hermesVersion, InstallUnreadable, planFor } from '../../../electron/service/hermes/install.js';
import { renderPlistText, renderUnitText } from '../../../electron/service/hermes/layouts.js';
import { installAnsweringHermes } from '../../support/answering-hermes.js';
import { hermesNormalized, hermesWrites } from '../../support/hermes-cli.js';
import { installHermes } from '../../support/standin.js';

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hb-install-'));
}

function script(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

describe('finding Hermes', () => {
  it("follows HERMES.md's order: the definition's install, the forwarder, the install root, ~/.hermes/bin, PATH", () => {
    const home = tempHome();
    const pathDir = path.join(home, 'pathdir');
    const env = { PATH: pathDir };
    expect(findInstall(env, home)).toBeNull();
    script(path.join(pathDir, 'hermes'), '#!/bin/sh\n');
    expect(findInstall(env, home)).toEqual({ hermes: path.join(pathDir, 'hermes'), foundBy: 'PATH' });
    const homeBin = script(path.join(home, '.hermes', 'bin', 'hermes'), '#!/bin/sh\n');
    expect(findInstall(env, home)?.foundBy).toBe('home');
    const venv = script(path.join(home, '.hermes', 'hermes-agent', 'venv', 'bin', 'hermes'), '#!/usr/bin/python3\n');
    expect(findInstall(env, home)).toEqual({ hermes: venv, foundBy: 'install venv' });
    const launcher = script(path.join(home, '.hermes', 'hermes-agent', '.hermes', 'bin', 'hermes'), '#!/bin/sh\nexec python3 -I -c x "$@"\n');
    expect(findInstall(env, home)).toEqual({ hermes: launcher, foundBy: 'install root' });
    // A reinstall elsewhere: the forwarder names the install that is current.
    const moved = script(path.join(home, 'opt', 'hermes', '.hermes', 'bin', 'hermes'), '#!/bin/sh\n');
    script(path.join(home, '.local', 'bin', 'hermes'), `#!/bin/sh\nexec '${moved}' "$@"\n`);
    expect(findInstall(env, home)).toEqual({ hermes: moved, foundBy: 'forwarder' });
    // The install an existing definition runs comes first.
    expect(findInstall(env, home, [homeBin, 'gateway', 'run'])).toEqual({ hermes: homeBin, foundBy: 'definition' });
    const bootstrap = `import sys; sys.path.insert(0, '${path.join(home, '.hermes', 'hermes-agent')}'); import runpy`;
    expect(findInstall(env, home, ['/py', '-I', '-c', bootstrap, 'gateway', 'run'])?.hermes).toBe(launcher);
    expect(findInstall({ ...env, HERMES_BAR_HERMES: '/opt/h/hermes' }, home)).toEqual({ hermes: '/opt/h/hermes', foundBy: 'HERMES_BAR_HERMES' });
  });

  it('reads a forwarder whether its target is quoted or not, and nothing else as one', () => {
    const home = tempHome();
    expect(forwarderTarget(script(path.join(home, 'a'), '#!/bin/sh\nexec "/r/.hermes/bin/hermes" "$@"\n'))).toBe('/r/.hermes/bin/hermes');
    expect(forwarderTarget(script(path.join(home, 'b'), '#!/bin/sh\n# forwarder\nexec /r/.hermes/bin/hermes "$@"\n'))).toBe('/r/.hermes/bin/hermes');
    expect(forwarderTarget(script(path.join(home, 'c'), '#!/usr/bin/python3\nimport sys\n'))).toBeNull();
    expect(forwarderTarget(script(path.join(home, 'd'), '#!/bin/sh\nexec /usr/bin/env python3 "$@"\n'))).toBeNull();
    expect(forwarderTarget(path.join(home, 'missing'))).toBeNull();
  });
});

describe('asking Hermes', () => {
  it('reads the version number from `hermes --version`', async () => {
    const home = tempHome();
    const install = installAnsweringHermes('0.18', { userHome: home, customHome: path.join(home, 'data') });
    expect(await hermesVersion({ hermes: install.hermes, foundBy: 'PATH' }, { PATH: process.env.PATH ?? '' })).toBe('0.18.2');
  });

  it("reads the version an install's code declares without running Hermes (whose --version imports the whole CLI)", async () => {
    const home = tempHome();
    const root = path.join(home, 'opt', 'hermes-agent');
    // A launcher that would fail if asked: the number must come from hermes_cli/__init__.py.
    const launcher = script(path.join(root, '.hermes', 'bin', 'hermes'), '#!/bin/sh\nexit 1\n');
    script(path.join(root, 'hermes_cli', '__init__.py'), '"""Hermes CLI."""\n\nimport os\n\n__version__ = "0.21.4"\n__release_date__ = "2026.12.1"\n');
    expect(await hermesVersion({ hermes: launcher, foundBy: 'install root' }, {})).toBe('0.21.4');
    // A venv's console script, reached through a PATH symlink, belongs to the root above its venv.
    const consoleScript = script(path.join(root, 'venv', 'bin', 'hermes'), '#!/bin/sh\nexit 1\n');
    symlinkSync(consoleScript, path.join(home, 'hermes'));
    expect(await hermesVersion({ hermes: path.join(home, 'hermes'), foundBy: 'PATH' }, {})).toBe('0.21.4');
    // No declaration to read: Hermes is asked (and this one cannot say).
    expect(await hermesVersion({ hermes: script(path.join(home, 'bin', 'hermes'), '#!/bin/sh\nexit 1\n'), foundBy: 'PATH' }, {})).toBeNull();
  });

  it("asks a store launcher for one command only: Hermes writes its --run-module for the other modules", async () => {
    const home = tempHome();
    const install = installHermes(home, { shape: '0.21' });
    const hermesHome = path.join(home, '.hermes');
    const env = { PATH: process.env.PATH ?? '', HOME: home };
    const expected = await planFor({ hermes: install.launcher, foundBy: 'install root' }, hermesHome, home, env);
    // The same launcher, logging each time it is run.
    const calls = path.join(home, 'launcher-calls');
    renameSync(install.launcher, `${install.launcher}.real`);
    script(install.launcher, `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${install.launcher}.real' "$@"\n`);
    expect(await planFor({ hermes: install.launcher, foundBy: 'install root' }, hermesHome, home, env)).toEqual(expected);
    expect(readFileSync(calls, 'utf8')).toBe('--print-runtime-command --module hermes_cli.main\n');
  });

  it('plans 0.21 only when Hermes answers --print-runtime-command, and never passes 0.18 a flag it rejects', async () => {
    const home = tempHome();
    const env = { PATH: process.env.PATH ?? '' };
    const old = installAnsweringHermes('0.18', { userHome: home, customHome: path.join(home, 'data') });
    const plan = await planFor({ hermes: old.hermes, foundBy: 'PATH' }, path.join(home, '.hermes'), home, env);
    expect(plan.generation).toBe('0.18');
    expect([...plan.launchdArguments, ...plan.unitCommand]).not.toContain('--external-supervisor');
    const current = installAnsweringHermes('0.21', { userHome: tempHome(), customHome: '/nowhere' });
    expect((await planFor({ hermes: current.hermes, foundBy: 'PATH' }, '/nowhere', home, env)).launchdArguments).toContain('--external-supervisor');
  });

  it('refuses to plan for a program that is no Hermes', async () => {
    const home = tempHome();
    const fake = script(path.join(home, 'hermes'), '#!/bin/sh\nexit 1\n');
    await expect(planFor({ hermes: fake, foundBy: 'PATH' }, path.join(home, '.hermes'), home, {})).rejects.toBeInstanceOf(InstallUnreadable);
  });
});

describe('planning what the installed Hermes writes', () => {
  // The stress run found it: 0.18's console script runs bin/python3 (what pip wrote), while
  // Hermes 0.18 writes its venv's bin/python; a plan from the shebang was "outdated" to Hermes.
  for (const shape of ['0.21', '0.21-nostore', '0.18'] as const) {
    it(`plans, for a real-shaped ${shape} install, the plist and the unit that install's own Hermes writes`, async () => {
      const home = tempHome();
      const install = installHermes(home, { shape });
      const hermesHome = path.join(home, '.hermes');
      const env = { PATH: process.env.PATH ?? '', HOME: home };
      const plan = await planFor({ hermes: install.launcher, foundBy: 'install root' }, hermesHome, home, env);
      const plist = await hermesWrites(install, hermesHome, 'plist', env);
      expect(hermesNormalized(renderPlistText(plan, plist.serviceName))).toBe(hermesNormalized(plist.text));
      const unit = await hermesWrites(install, hermesHome, 'unit', env);
      expect(hermesNormalized(renderUnitText(plan))).toBe(hermesNormalized(unit.text));
    });
  }
});
