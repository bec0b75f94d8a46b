/**
 * "Install Command Line Tool…": asks first and says where, links `hermes-bar` into /usr/local/bin
 * (here a temporary stand-in for it) or else ~/.local/bin, never overwrites a program that is not a
 * link, and refuses where nothing stable can be linked (an AppImage, a copy run from its sources, a
 * copy macOS translocated, a mounted disk image).
 */
import { lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offerCliInstall, planCliInstall } from '../../electron/main/cli-install.js';
import type { CliInstallContext } from '../../electron/main/cli-install.js';
import type { Confirmation } from '../../electron/main/dispatch.js';
import { tempDir } from './fake-engine.js';

function machine(overrides: Partial<CliInstallContext> = {}) {
  const root = tempDir('hb-cli-install-');
  const systemBinDir = path.join(root, 'usr', 'local', 'bin');
  mkdirSync(systemBinDir, { recursive: true });
  const home = path.join(root, 'Users', 'u');
  mkdirSync(home, { recursive: true });
  const resourcesPath = path.join(root, 'Applications', 'Hermes Bar.app', 'Contents', 'Resources');
  const context: CliInstallContext = { resourcesPath, home, pathVariable: `${systemBinDir}:/usr/bin:/bin`, appImage: null, systemBinDir, ...overrides };
  return { root, systemBinDir, home, command: path.join(resourcesPath, 'bin', 'hermes-bar'), context };
}

/** The dialogs: answers for the questions in order; records everything said. */
function ui(...answers: boolean[]) {
  const asked: Confirmation[] = [];
  const told: Array<{ message: string; detail: string }> = [];
  return {
    asked,
    told,
    ask: async (question: Confirmation) => {
      asked.push(question);
      return answers.shift() ?? false;
    },
    tell: async (message: string, detail: string) => void told.push({ message, detail }),
  };
}

describe('Install Command Line Tool…', () => {
  it('asks first, naming /usr/local/bin; Cancel links nothing', async () => {
    const { context, systemBinDir, command } = machine();
    const dialogs = ui(false);
    expect(await offerCliInstall(context, dialogs)).toBe('declined');
    expect(dialogs.asked).toHaveLength(1);
    expect(dialogs.asked[0]?.message).toBe(`Install the hermes-bar command in ${systemBinDir}?`);
    expect(dialogs.asked[0]?.detail).toContain(`link ${path.join(systemBinDir, 'hermes-bar')} to its command line (${command})`);
    expect(dialogs.asked[0]?.confirm).toBe('Install');
    expect(() => lstatSync(path.join(systemBinDir, 'hermes-bar'))).toThrow();
  });

  it('on Install links /usr/local/bin/hermes-bar to the app’s command and says so; a second time it is already there', async () => {
    const { context, systemBinDir, command } = machine();
    const dialogs = ui(true);
    expect(await offerCliInstall(context, dialogs)).toBe('installed');
    const link = path.join(systemBinDir, 'hermes-bar');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(command);
    expect(dialogs.told.at(-1)?.message).toBe('The hermes-bar command is installed');
    expect(dialogs.told.at(-1)?.detail).toContain('hermes-bar status');

    const again = ui(true);
    expect(await offerCliInstall(context, again)).toBe('already');
    expect(again.asked).toEqual([]);
  });

  it('where /usr/local/bin cannot take the link, uses ~/.local/bin (made if missing) and says it is not on PATH', async () => {
    const { context, home, root, command } = machine();
    writeFileSync(path.join(root, 'not-a-folder'), '');
    const blocked = { ...context, systemBinDir: path.join(root, 'not-a-folder', 'bin') };
    const dialogs = ui(true);
    expect(await offerCliInstall(blocked, dialogs)).toBe('installed');
    const dir = path.join(home, '.local', 'bin');
    expect(dialogs.asked[0]?.message).toBe(`Install the hermes-bar command in ${dir}?`);
    expect(dialogs.asked[0]?.detail).toContain(`${dir} is not on your PATH`);
    expect(readlinkSync(path.join(dir, 'hermes-bar'))).toBe(command);
  });

  it('never overwrites a hermes-bar program that is not a link; replaces a link (npm’s) after naming it', async () => {
    const { context, systemBinDir, home, command } = machine();
    writeFileSync(path.join(systemBinDir, 'hermes-bar'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const npmLink = '../lib/node_modules/hermes-bar/bin/hermes-bar.js';
    mkdirSync(path.join(home, '.local', 'bin'), { recursive: true });
    symlinkSync(npmLink, path.join(home, '.local', 'bin', 'hermes-bar'));
    const plan = planCliInstall({ ...context, pathVariable: `${path.join(home, '.local', 'bin')}:/usr/bin` });
    expect(plan).toMatchObject({ kind: 'install', link: path.join(home, '.local', 'bin', 'hermes-bar'), replaces: npmLink, onPath: true });

    const dialogs = ui(true);
    expect(await offerCliInstall(context, dialogs)).toBe('installed');
    expect(dialogs.asked[0]?.detail).toContain(`The link there now, to ${npmLink}, is replaced.`);
    expect(readlinkSync(path.join(home, '.local', 'bin', 'hermes-bar'))).toBe(command);
    expect(lstatSync(path.join(systemBinDir, 'hermes-bar')).isSymbolicLink()).toBe(false);
  });

  it('refuses, saying why, from an AppImage and from a copy run from its sources', async () => {
    const appImage = machine({ appImage: '/home/u/Apps/Hermes-Bar.AppImage' });
    const fromImage = ui(true);
    expect(await offerCliInstall(appImage.context, fromImage)).toBe('refused');
    expect(fromImage.asked).toEqual([]);
    expect(fromImage.told[0]?.detail).toContain('npm install -g hermes-bar');

    const sources = machine({ resourcesPath: null });
    const fromSources = ui(true);
    expect(await offerCliInstall(sources.context, fromSources)).toBe('refused');
    expect(fromSources.told[0]?.detail).toContain('npx hermes-bar');
  });

  it.each([
    ['a translocated copy', '/private/var/folders/x7/k2j4h5g6/T/AppTranslocation/1C4D5E6F-0A1B-4C2D-8E9F-001122334455/d/Hermes Bar.app/Contents/Resources', 'App Translocation'],
    ['the mounted disk image', '/Volumes/Hermes Bar 0.1.0-arm64/Hermes Bar.app/Contents/Resources', 'the disk image it came on (Hermes Bar 0.1.0-arm64)'],
  ])('refuses from %s, saying to move Hermes Bar to Applications first, and links nothing', async (_where, resourcesPath, named) => {
    const { context, systemBinDir, home } = machine({ resourcesPath });
    const dialogs = ui(true);
    expect(await offerCliInstall(context, dialogs)).toBe('refused');
    expect(dialogs.asked).toEqual([]);
    expect(dialogs.told[0]?.message).toBe('The hermes-bar command cannot be installed from here');
    expect(dialogs.told[0]?.detail).toContain(named);
    expect(dialogs.told[0]?.detail).toContain('Move Hermes Bar to Applications first');
    expect(() => lstatSync(path.join(systemBinDir, 'hermes-bar'))).toThrow();
    expect(() => lstatSync(path.join(home, '.local', 'bin', 'hermes-bar'))).toThrow();
  });

  it('installs from an app kept in a folder of another volume (/Volumes/<disk>/Applications/…)', () => {
    const { context } = machine({ resourcesPath: '/Volumes/Work/Applications/Hermes Bar.app/Contents/Resources' });
    expect(planCliInstall(context)).toMatchObject({ kind: 'install', command: '/Volumes/Work/Applications/Hermes Bar.app/Contents/Resources/bin/hermes-bar' });
  });
});
