/** DESIGN.md rule 7 on systemd: every systemctl call the CLI makes gets an argument list and no shell. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import type { SystemdFixture } from './fixture.js';
import { describeSystemd, systemdFixture } from './fixture.js';

const RECORDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'security', 'record-spawns.mjs');

interface SpawnRecord {
  script: string | null;
  api: string;
  file: string;
  args: string[];
  shell: boolean | string;
}

let fx: SystemdFixture;
afterEach(async () => {
  await fx?.finish();
});

describeSystemd('no shell, watched, on systemd', () => {
  it('every child process the CLI starts (systemctl, ps) gets an argument list and no shell', async () => {
    fx = await systemdFixture();
    const log = path.join(fx.root, 'spawns.jsonl');
    const watched = { NODE_OPTIONS: `--import=${pathToFileURL(RECORDER).href}`, HERMES_BAR_SPAWN_LOG: log };
    for (const args of [['start'], ['status'], ['restart'], ['doctor'], ['repair'], ['list'], ['stop']]) {
      const run = await fx.run([...args, '--json'], watched);
      expect(run.exitCode, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const records = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as SpawnRecord);
    const fromCli = records.filter((record) => record.script === CLI);
    const systemctl = fromCli.filter((record) => record.file === fx.env.HERMES_BAR_SYSTEMCTL);
    expect(systemctl.some((record) => record.args[0] === '--user' && record.args[1] === 'start')).toBe(true);
    expect(systemctl.some((record) => record.args[1] === 'kill')).toBe(true);
    expect(fromCli.some((record) => record.file === 'ps')).toBe(true);
    expect(fromCli.filter((record) => record.shell !== false)).toEqual([]);
    expect(fromCli.filter((record) => record.api === 'exec' || record.api === 'execSync')).toEqual([]);
  });
});
