/**
 * A stand-in for Hermes Agent's CLI, enough of it to act as the messaging gateway under the
 * launchd simulator (see HERMES.md): `hermes [--profile NAME] gateway run [--external-supervisor]`.
 */
import { parseInvocation } from './args.js';
import { Gateway } from './gateway.js';
import { resolveHermesHome } from './home.js';
import { readStandinConfig, type ResolvedStandinConfig } from './standin-config.js';

const STANDIN_VERSION = 'hermes 0.0.0-standin';

function main(): void {
  const argv = process.argv.slice(2);
  const invocation = parseInvocation(argv);
  switch (invocation.kind) {
    case 'version':
      process.stdout.write(`${STANDIN_VERSION}\n`);
      return;
    case 'usage':
      process.stderr.write(`${invocation.message}\n`);
      process.exitCode = 2;
      return;
    case 'run': {
      const home = resolveHermesHome(process.env, invocation.profile);
      let config: ResolvedStandinConfig;
      try {
        config = readStandinConfig(home);
      } catch (error) {
        process.stderr.write(`hermes (stand-in): unreadable standin.json: ${(error as Error).message}\n`);
        process.exitCode = 70;
        return;
      }
      new Gateway(home, config, process.argv.slice(1), process.env).start();
    }
  }
}

main();
