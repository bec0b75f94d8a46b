// Compiles the launchd simulator's C launchctl (test/sim/native/launchctl.c) into dist/ when a C
// compiler is present. Without one the simulator keeps using its Node client, only slower.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'test', 'sim', 'native', 'launchctl.c');
const output = join(root, 'dist', 'test', 'sim', 'launchctl-native');
const compiler = process.env.CC || 'cc';

mkdirSync(dirname(output), { recursive: true });
try {
  execFileSync(compiler, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', output, source], { stdio: 'inherit' });
} catch (error) {
  const reason = error.code === 'ENOENT' ? `no C compiler (${compiler})` : 'the compiler failed';
  process.stderr.write(`build-sim-client: ${reason}; the simulator uses its Node launchctl\n`);
  if (error.code !== 'ENOENT') process.exit(1);
}
