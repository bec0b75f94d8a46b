/**
 * `npm run demo` (until the app's web demo exists): a simulated Mac in a temporary folder — the
 * launchd simulator and a stand-in Hermes install — and the real hermes-bar CLI run against it
 * through the failures users hit: a missing plist, a stale plist after an upgrade, a restart.
 */
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../support/simulator.js';
import { installHermes, writeStandinConfig } from '../support/standin.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/hermes-bar.js');

function run(args: string[], env: Record<string, string>): Promise<number> {
  process.stdout.write(`\n$ hermes-bar ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function say(text: string): void {
  process.stdout.write(`\n# ${text}\n`);
}

const keep = process.argv.includes('--keep');
const sim = await createSimulator({ timeScale: 0.05 });
const env = { ...sim.env, HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: '0.25' };
let failed = 0;
try {
  const install = installHermes(sim.home);
  await writeStandinConfig(sim.hermesHome, { bootMs: 300 });
  say(`A simulated Mac in ${sim.root}: Hermes ${install.version} installed (${install.launcher}), no gateway service yet.`);
  failed += Number((await run(['status'], env)) !== 0);
  say('start writes the plist the installed Hermes writes, loads it, and waits until the gateway reports running.');
  failed += Number((await run(['start'], env)) !== 0);
  failed += Number((await run(['status'], env)) !== 0);
  say("restart: SIGUSR1 to the gateway (not to launchd's pid, Hermes's stderr wrapper); it drains, exits 75, launchd starts a new one.");
  failed += Number((await run(['restart'], env)) !== 0);
  say("doctor: the plist is Hermes's own, so Hermes Bar leaves it as it is.");
  failed += Number((await run(['doctor'], env)) !== 0);
  const plistPath = path.join(sim.agentsDir, 'ai.hermes.gateway.plist');
  say('The plist deleted: start heals it.');
  failed += Number((await run(['stop'], env)) !== 0);
  await rm(plistPath);
  failed += Number((await run(['start', '--json'], env)) !== 0);
  if (keep) {
    const file = path.join(sim.root, 'env.sh');
    await writeFile(file, Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`).join('\n') + '\n');
    say(`Still running. In another shell: source ${file}; then npx hermes-bar status. Ctrl-C ends the demo.`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
} finally {
  await sim.stop();
}
process.exitCode = failed === 0 ? 0 : 1;
