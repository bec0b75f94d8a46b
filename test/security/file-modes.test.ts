/**
 * DESIGN.md rule 7 and issue 4: the modes of everything the app writes (plists 0644, backups, lock
 * and settings files never group- or world-writable, settings 0600), whatever the user's umask;
 * and a plist symlinked into another folder is replaced, never followed.
 */
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/main/app-settings.js';
import { hermesNormalized } from '../support/hermes-cli.js';
import { sleep } from '../../electron/service/wait.js';
import type { Fixture } from '../integration/fixture.js';
import { fixture, LABEL, oldInstall } from '../integration/fixture.js';
import { cli, spawnCli } from '../support/cli.js';

const UMASK_PRELOAD = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'umask.mjs')).href;
const GROUP_OR_WORLD_WRITABLE = 0o022;
const PLIST = `${LABEL}.plist`;

/** The CLI's environment, running it under `umask`. */
function underUmask(fx: Fixture, umask: number): NodeJS.ProcessEnv {
  return { ...fx.sim.env, NODE_OPTIONS: `--import=${UMASK_PRELOAD}`, HERMES_BAR_TEST_UMASK: umask.toString(8) };
}

async function modeOf(file: string): Promise<number> {
  return (await lstat(file)).mode & 0o7777;
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}

/** Every regular file in `dir` (not below) with its mode; symbolic links have no mode of their own. */
async function filesIn(dir: string): Promise<Array<{ name: string; mode: string }>> {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) files.push({ name: entry.name, mode: octal(await modeOf(path.join(dir, entry.name))) });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

function writableByOthers(files: Array<{ name: string; mode: string }>): Array<{ name: string; mode: string }> {
  return files.filter((file) => (Number.parseInt(file.mode, 8) & GROUP_OR_WORLD_WRITABLE) !== 0);
}

describe('file modes through the CLI', () => {
  it('start under umask 000: the plist is 0644 and the lock file, while held, is not group/world-writable', async () => {
    const fx = await fixture();
    try {
      // Hold the operation (and so its lock) inside launchctl bootstrap long enough to look at it.
      await fx.sim.inject({ command: 'bootstrap', delayMs: 1_500 });
      const running = spawnCli(['start', '--json'], underUmask(fx, 0o000));
      const locks = new Map<string, number>();
      const deadline = Date.now() + 10_000;
      while (locks.size === 0 && Date.now() < deadline) {
        for (const name of await readdir(fx.sim.hermesHome)) {
          if (/^\.hermes-bar-.*\.lock/.test(name)) {
            const mode = await modeOf(path.join(fx.sim.hermesHome, name)).catch(() => null);
            if (mode !== null) locks.set(name, mode);
          }
        }
        await sleep(5);
      }
      const result = await running;
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);

      expect([...locks.keys()]).toEqual([`.hermes-bar-${LABEL}.lock`]);
      for (const [name, mode] of locks) expect((mode & GROUP_OR_WORLD_WRITABLE) === 0, `${name} is ${octal(mode)}`).toBe(true);
      expect(await modeOf(fx.plistPath)).toBe(0o644);
      // The logs folder the engine creates: nobody else may plant a file (or a link) in it.
      expect(octal(await modeOf(path.join(fx.sim.hermesHome, 'logs')))).toBe('0755');
      // Nothing else left behind: no temporary file, and the lock is gone.
      expect(await filesIn(fx.sim.agentsDir)).toEqual([{ name: PLIST, mode: '0644' }]);
      expect((await readdir(fx.sim.hermesHome)).filter((name) => name.startsWith('.hermes-bar-'))).toEqual([]);
    } finally {
      await fx.finish();
    }
  });

  it('start under umask 077: the plist is still exactly 0644', async () => {
    const fx = await fixture();
    try {
      const result = await cli(['start', '--json'], underUmask(fx, 0o077));
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);
      expect(octal(await modeOf(fx.plistPath))).toBe('0644');
    } finally {
      await fx.finish();
    }
  });

  it('repair of a stale, world-writable plist under umask 000: a 0644 plist, and a backup nobody else can write', async () => {
    const fx = await fixture();
    try {
      // The plist of an install an upgrade removed.
      const old = oldInstall(fx);
      const stale = await fx.hermesPlist(old);
      await rm(old.root, { recursive: true, force: true });
      await writeFile(fx.plistPath, stale);
      await chmod(fx.plistPath, 0o666);
      const result = await cli(['repair', '--json'], underUmask(fx, 0o000));
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);

      expect(await modeOf(fx.plistPath)).toBe(0o644);
      expect(hermesNormalized(await readFile(fx.plistPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesPlist()));
      const files = await filesIn(fx.sim.agentsDir);
      const backups = files.filter((file) => file.name.startsWith(`${PLIST}.`) && file.name.endsWith('.bak'));
      expect(backups).toHaveLength(1);
      expect(await readFile(path.join(fx.sim.agentsDir, backups[0]?.name ?? ''), 'utf8')).toBe(stale);
      expect(writableByOthers(files)).toEqual([]);
      expect(files.map((file) => file.name).sort()).toEqual([PLIST, backups[0]?.name].sort());
    } finally {
      await fx.finish();
    }
  });

  it('repair replaces a plist symlinked into another folder, without writing through it', async () => {
    const fx = await fixture();
    try {
      // A current plist, even: behind a link it is still never followed or written.
      const elsewhere = path.join(fx.sim.home, 'elsewhere');
      await mkdir(elsewhere);
      const target = path.join(elsewhere, PLIST);
      const original = `${await fx.hermesPlist()}<!-- someone else's file -->\n`;
      await writeFile(target, original);
      await chmod(target, 0o600);
      const before = await stat(target);
      await symlink(target, fx.plistPath);

      const result = await cli(['repair', '--json'], underUmask(fx, 0o000));
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);

      // The plist is now the app's own regular file …
      const plist = await lstat(fx.plistPath);
      expect(plist.isSymbolicLink()).toBe(false);
      expect(plist.isFile()).toBe(true);
      expect(octal(plist.mode & 0o7777)).toBe('0644');
      expect(hermesNormalized(await readFile(fx.plistPath, 'utf8'))).toBe(hermesNormalized(await fx.hermesPlist()));
      // … the link's target is untouched: same bytes, mode, inode and mtime, and nothing beside it …
      const after = await stat(target);
      expect(await readFile(target, 'utf8')).toBe(original);
      expect({ mode: octal(after.mode & 0o7777), ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({
        mode: '0600',
        ino: before.ino,
        mtimeMs: before.mtimeMs,
      });
      expect(await readdir(elsewhere)).toEqual([PLIST]);
      // … and the link itself is kept as the backup, still pointing where it pointed.
      const links = (await readdir(fx.sim.agentsDir, { withFileTypes: true })).filter((entry) => entry.isSymbolicLink());
      expect(links).toHaveLength(1);
      expect(await readlink(path.join(fx.sim.agentsDir, links[0]?.name ?? ''))).toBe(target);
      expect(writableByOthers(await filesIn(fx.sim.agentsDir))).toEqual([]);
      expect((await fx.status()).state).toBe('running');
    } finally {
      await fx.finish();
    }
  });
});

describe("the app's settings file", () => {
  it('is 0600 in a 0700 folder, under umask 000, on first write and on every rewrite', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'hermes-bar-settings-'));
    const previous = process.umask(0o000);
    try {
      const userData = path.join(root, 'userData');
      const file = path.join(userData, 'settings.json');
      const store = new SettingsStore(file);
      store.update({ keepRunning: true });
      expect(octal(await modeOf(file))).toBe('0600');
      expect(octal(await modeOf(userData))).toBe('0700');
      store.update({ lastVersion: '1.2.3' });
      expect(octal(await modeOf(file))).toBe('0600');
      expect(new SettingsStore(file).get()).toMatchObject({ keepRunning: true, lastVersion: '1.2.3' });
      expect(await filesIn(userData)).toEqual([{ name: 'settings.json', mode: '0600' }]);
    } finally {
      process.umask(previous);
      await rm(root, { recursive: true, force: true });
    }
  });
});
