/**
 * Hermes's own CLI as the app meets it (HERMES.md "How Hermes's own CLI behaves"): its generator
 * is the real-hermes/ file of the installed version, moved onto the test's machine, with the
 * bootstraps the installed Hermes prints for itself; `hermes gateway start` rewrites a definition
 * whose text (lines stripped, PATH masked) differs from that, then reloads it.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { InstallShape, RealDefinition } from './real-hermes.js';
import { localized, realHermesDefinitions } from './real-hermes.js';

const run = promisify(execFile);

/** What the stand-in Hermes install offers this module. */
export interface HermesInstallLike {
  shape: InstallShape;
  userHome: string;
  /** The install root (real Hermes's default: ~/.hermes/hermes-agent). */
  root: string;
  /** What `hermes` is (its launcher, or the venv's console script). */
  launcher: string;
  /** The Python its commands run (the store Python, or the venv's). */
  python: string;
}

/** Hermes's `_normalize_service_definition` with the PATH value masked, as its current-check compares. */
export function hermesNormalized(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .replace(/(<key>PATH<\/key>\s*<string>)[\s\S]*?(<\/string>)/, '$1__HERMES_PATH__$2')
    .replace(/^(Environment="PATH=)[^\n]*("$)/m, '$1__HERMES_PATH__$2');
}

function homeKind(install: HermesInstallLike, home: string): { kind: RealDefinition['home']; profile: string | null } {
  const root = path.join(install.userHome, '.hermes');
  if (path.resolve(home) === root) return { kind: 'default', profile: null };
  if (path.dirname(path.resolve(home)) === path.join(root, 'profiles')) return { kind: 'profile', profile: path.basename(home) };
  return { kind: 'custom', profile: null };
}

function template(install: HermesInstallLike, kind: 'plist' | 'unit', home: RealDefinition['home']): RealDefinition {
  const generation = install.shape === '0.18' ? '0.18' : '0.21';
  const candidates = realHermesDefinitions().filter((d) => d.generation === generation && d.kind === kind && d.home === home && !d.name.includes('installed-by'));
  // A custom home of a store install runs the store Python directly; 0.21-nostore has no custom-home sample.
  const found = candidates.find((d) => d.shape === install.shape) ?? candidates.find((d) => d.shape === '0.21');
  if (!found) throw new Error(`real-hermes/ has no ${generation} ${kind} for a ${home} home`);
  return found;
}

const unescapeXml = (text: string): string => text.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/** The bootstrap the installed Hermes prints for `module`, bound to `home`. */
async function bootstrapFor(install: HermesInstallLike, module: string, home: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(install.launcher, ['--print-runtime-command', '--module', module], { env: { ...env, HERMES_HOME: home } });
  const argv = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  return argv[3] ?? '';
}

async function replaceBootstraps(text: string, pattern: RegExp, decode: (s: string) => string, encode: (s: string) => string, install: HermesInstallLike, home: string, env: Record<string, string>): Promise<string> {
  const found = [...text.matchAll(pattern)];
  let out = text;
  for (const match of found) {
    const script = decode(match[2] ?? '');
    const module = /run_module\('([^']+)'/.exec(script)?.[1] ?? 'hermes_cli.main';
    out = out.replace(match[0], `${match[1]}${encode(await bootstrapFor(install, module, home, env))}${match[3]}`);
  }
  return out;
}

/** What the installed Hermes's generator writes for `home`: its definition's file name and text. */
export async function hermesWrites(install: HermesInstallLike, home: string, kind: 'plist' | 'unit', env: Record<string, string>): Promise<{ serviceName: string; text: string }> {
  const { kind: homeKindOf, profile } = homeKind(install, home);
  const real = template(install, kind, homeKindOf);
  const moved = localized(real, { userHome: install.userHome, customHome: home });
  const defaultRoot = path.join(install.userHome, '.hermes', 'hermes-agent');
  const storePython = /[^"'<>\s]*\/\.hermes\/tools\/python\/cpython-[\d.]+\/bin\/python3/g;
  const rename = (text: string): string =>
    (profile === null ? text : text.replace(/profiles\/work\b/g, `profiles/${profile}`).replace(/gateway-work\b/g, `gateway-${profile}`).replace(/(--profile["<>/\s\w]*?)\bwork\b/g, `$1${profile}`))
      .replace(storePython, install.python)
      .split(defaultRoot)
      .join(install.root);
  let text = rename(moved.text);
  text =
    kind === 'plist'
      ? await replaceBootstraps(text, /(<string>-c<\/string>\s*<string>)([^<]*)(<\/string>)/g, unescapeXml, escapeXml, install, home, env)
      : await replaceBootstraps(text, /("-c" ")((?:[^"\\]|\\.)*)(")/g, (s) => s.replace(/\\(.)/g, '$1'), (s) => s.replace(/[\\"]/g, (c) => `\\${c}`), install, home, env);
  return { serviceName: rename(moved.serviceName), text };
}

/** What `hermes gateway start` did to the definition. */
export type HermesStart = 'unchanged' | 'wrote' | 'rewrote';

/** The launchctl a test drives, as the simulator offers it. */
export interface LaunchctlLike {
  uid: number;
  agentsDir: string;
  env: Record<string, string>;
  launchctl(args: string[]): Promise<{ exit: number; stdout: string; stderr: string }>;
}

async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`hermes gateway start: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * `hermes gateway start` on macOS: a plist that differs from its generator's is rewritten, booted
 * out (waiting for its process to go) and bootstrapped again; a missing one is written and
 * loaded; a current one is loaded if it is not. Each wait gives up (throws) after `withinMs`.
 */
export async function hermesGatewayStart(mac: LaunchctlLike, install: HermesInstallLike, home: string, withinMs = 30_000): Promise<HermesStart> {
  const wanted = await hermesWrites(install, home, 'plist', mac.env);
  const file = path.join(mac.agentsDir, `${wanted.serviceName}.plist`);
  const target = `gui/${mac.uid}/${wanted.serviceName}`;
  const existing = await readFile(file, 'utf8').catch(() => null);
  const loaded = async (): Promise<boolean> => (await mac.launchctl(['print', target])).exit === 0;
  const current = existing !== null && hermesNormalized(existing) === hermesNormalized(wanted.text);
  if (!current) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, wanted.text, { mode: 0o644 });
    if (await loaded()) {
      await mac.launchctl(['bootout', target]);
      await until(async () => !(await loaded()), 'the old job never went', withinMs);
    }
  }
  if (!(await loaded())) {
    await until(async () => (await mac.launchctl(['bootstrap', `gui/${mac.uid}`, file])).exit === 0, 'bootstrap kept failing', withinMs);
  }
  return current ? 'unchanged' : existing === null ? 'wrote' : 'rewrote';
}
