/** What the stand-in was asked to do. */
export type Invocation =
  | { kind: 'version' }
  | { kind: 'run'; profile: string | null; externalSupervisor: boolean }
  | { kind: 'usage'; message: string };

export const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Parses `[--profile NAME] gateway run [--external-supervisor]` or `--version`. */
export function parseInvocation(argv: readonly string[]): Invocation {
  if (argv.length === 1 && argv[0] === '--version') return { kind: 'version' };
  let profile: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--profile' || arg === '-p') {
      profile = argv[i + 1] ?? '';
      i += 1;
    } else if (arg.startsWith('--profile=')) {
      profile = arg.slice('--profile='.length);
    } else {
      rest.push(arg);
    }
  }
  if (profile !== null && !PROFILE_NAME.test(profile)) {
    return { kind: 'usage', message: `invalid profile name: ${JSON.stringify(profile)}` };
  }
  const [command, subcommand, ...options] = rest;
  if (command !== 'gateway' || subcommand !== 'run') {
    return { kind: 'usage', message: 'usage: hermes [--profile NAME] gateway run [--external-supervisor]' };
  }
  const unknown = options.filter((option) => option !== '--external-supervisor');
  if (unknown.length > 0) return { kind: 'usage', message: `unknown option: ${unknown.join(' ')}` };
  return { kind: 'run', profile, externalSupervisor: options.length > 0 };
}
