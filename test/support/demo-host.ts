/** Starts the demo web host (the real engine over the simulator) and Debian's Chromium, for the browser tests and the bench. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../sim/repo-paths.js';

/** The flags this machine needs: no sandbox as root, and no network beyond localhost. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DemoHost {
  url: string;
  process: ChildProcess;
  hook<T = unknown>(name: string, input?: object): Promise<T>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** Set the gateway up and start it first. */
  start?: boolean;
  profiles?: string[];
  /** Hermes not installed at all (no HERMES_HOME). */
  noHermes?: boolean;
  /** The login item's state as macOS would report it. */
  loginItem?: string;
  /** Nobody logged in at the screen: no gui domain, the gateway runs in user/<uid>. */
  noGuiSession?: boolean;
}

export async function startHost(options: HostOptions = {}): Promise<DemoHost> {
  const args = [path.join(repoRoot(), 'dist/test/demo/web-host.js'), '--test-hooks'];
  if (options.start) args.push('--start');
  if (options.profiles?.length) args.push('--profiles', options.profiles.join(','));
  if (options.noHermes) args.push('--no-hermes');
  if (options.loginItem) args.push('--login-item', options.loginItem);
  if (options.noGuiSession) args.push('--no-gui-session');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`demo host exited with ${code}: ${out}`)));
  });
  return {
    url,
    process: child,
    async hook<T>(name: string, input: object = {}): Promise<T> {
      const response = await fetch(`${url}api/test/${name}`, { method: 'POST', body: JSON.stringify(input) });
      const body = (await response.json()) as { ok: boolean; value: T; error?: string };
      if (!body.ok) throw new Error(body.error);
      return body.value;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}
