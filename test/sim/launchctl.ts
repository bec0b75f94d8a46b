/** The simulated `launchctl`: forwards its argv to the simulated launchd and prints the answer. */
import { existsSync } from 'node:fs';
import { request } from './client.js';
import { simDirFromEnv, simPaths } from './paths.js';

async function main(): Promise<number> {
  const dir = simDirFromEnv();
  if (dir === null) {
    process.stderr.write('launchctl (simulator): LAUNCHD_SIM_DIR is not set\n');
    return 64;
  }
  if (!existsSync(dir)) {
    process.stderr.write(`launchctl (simulator): LAUNCHD_SIM_DIR ${dir} does not exist\n`);
    return 64;
  }
  const uid = process.getuid?.() ?? 0;
  const result = await request(simPaths(dir), { argv: process.argv.slice(2), uid, cwd: process.cwd() });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exit;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`launchctl (simulator): ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
