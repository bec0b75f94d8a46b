/**
 * What counts as Hermes's own gateway definition (DESIGN.md rule 5): a plist or unit of any shape
 * a Hermes version writes (HERMES.md, real-hermes/) that runs the gateway of one home and keeps it
 * running. Such a file is Hermes's: judged by meaning, never by its exact text.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bootstrapHome, bootstrapRoot, bootstrapScript, isGatewayCommand, isStderrWrapper, profileOfCommand, STDERR_WRAPPER_MODULE } from './gateway-process.js';
import { defaultHome, isValidProfile, profileHome } from './homes.js';

/** The command a definition runs, taken apart. */
export interface DefinitionCommand {
  /** What the service manager starts: the stderr wrapper, or the gateway itself. */
  argv: string[];
  /** The gateway command (after the wrapper's `--`, or `argv` itself). */
  gateway: string[];
  /** Whether the service manager's pid is Hermes's stderr wrapper (the gateway is its child). */
  wrapped: boolean;
}

/**
 * The wrapped command of `… hermes_cli.stderr_timestamp [--error-log F] -- <gateway…>` (the
 * module given as a token, after `--run-module`/`-m`, or inside a `-c` bootstrap), else null.
 */
function unwrap(argv: readonly string[]): string[] | null {
  const at = argv.findIndex((token) => token.includes(STDERR_WRAPPER_MODULE));
  if (at < 0) return null;
  const separator = argv.indexOf('--', at + 1);
  return separator < 0 ? null : argv.slice(separator + 1);
}

/** The command a definition runs, if it runs a Hermes gateway (wrapped or not); null otherwise. */
export function commandOfDefinition(argv: readonly string[]): DefinitionCommand | null {
  if (isStderrWrapper(argv)) {
    const gateway = unwrap(argv);
    return gateway && isGatewayCommand(gateway) ? { argv: [...argv], gateway, wrapped: true } : null;
  }
  return isGatewayCommand(argv) ? { argv: [...argv], gateway: [...argv], wrapped: false } : null;
}

/**
 * The programs a command needs: each half's executable, and for a `-I -c` bootstrap the install
 * root it imports Hermes from (a reinstall elsewhere leaves the store Python and moves the root).
 */
export function programsOf(command: DefinitionCommand): string[] {
  const needed = new Set<string>();
  for (const argv of command.wrapped ? [command.argv, command.gateway] : [command.gateway]) {
    if (argv[0]) needed.add(argv[0]);
    const script = bootstrapScript(argv);
    const root = script ? bootstrapRoot(script) : null;
    if (root) needed.add(root);
  }
  return [...needed];
}

/** The first of a command's programs that does not exist, or null when all do. */
export function missingProgram(command: DefinitionCommand): string | null {
  return programsOf(command).find((program) => !existsSync(program)) ?? null;
}

/**
 * The home a gateway command serves with this environment: HERMES_HOME, else its profile's, else
 * the home its bootstrap falls back to, else the default home. Null for an invalid profile name.
 */
export function homeOfCommand(gateway: readonly string[], env: Readonly<Record<string, string>>, userHome: string): string | null {
  const fromEnv = env.HERMES_HOME?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  const profile = profileOfCommand(gateway);
  if (profile !== null) return isValidProfile(profile) ? profileHome(userHome, profile) : null;
  const script = bootstrapScript(gateway);
  const bound = script ? bootstrapHome(script) : null;
  return bound ? path.resolve(bound) : defaultHome(userHome);
}

/** What a parsed plist or unit says, in the terms both backends share. */
export interface DefinitionFacts {
  /** The plist's Label; null for a unit (its name is the file's). */
  label: string | null;
  argv: string[];
  env: Record<string, string>;
  /** KeepAlive true or {SuccessfulExit: false}; Restart=always or on-failure. */
  keepsRunning: boolean;
}

export type DefinitionJudgement =
  | { ok: true; command: DefinitionCommand; home: string }
  /** `otherHome`: the file is another home's gateway (0.18 gives a custom home the default home's label). */
  | { ok: false; reason: string; otherHome?: string };

/** Whether `facts` are a Hermes gateway definition of `home` under `label` (programs aside). */
export function judgeDefinition(facts: DefinitionFacts, expected: { home: string; label: string | null }, userHome: string): DefinitionJudgement {
  if (expected.label !== null && facts.label !== expected.label) {
    return { ok: false, reason: `its label is ${facts.label === null ? 'missing' : JSON.stringify(facts.label)}, not ${expected.label}` };
  }
  const command = commandOfDefinition(facts.argv);
  if (!command) return { ok: false, reason: 'it does not run a Hermes gateway (`gateway run`)' };
  const home = homeOfCommand(command.gateway, facts.env, userHome);
  if (home === null) return { ok: false, reason: 'it names an invalid profile' };
  if (home !== path.resolve(expected.home)) return { ok: false, reason: `it runs the gateway of ${home}`, otherHome: home };
  if (!facts.keepsRunning) return { ok: false, reason: 'it does not keep the gateway running' };
  return { ok: true, command, home };
}
