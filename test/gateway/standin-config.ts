import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StandinConfig } from './types.js';

export interface ResolvedStandinConfig {
  bootMs: number;
  drainMs: number;
  crashOnBoot: number | null;
  ignoreSigterm: boolean;
  token: string;
  platforms: string[];
}

/** The same home always gets the same token. */
export function defaultToken(home: string): string {
  return `standin-${createHash('sha256').update(home).digest('hex').slice(0, 24)}`;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function crashCode(value: StandinConfig['crashOnBoot'] | boolean): number | null {
  if (value === undefined || value === false) return null;
  if (value === true) return 1;
  return value;
}

/** Reads `$HERMES_HOME/standin.json` (missing = defaults). */
export function readStandinConfig(home: string): ResolvedStandinConfig {
  let raw: StandinConfig = {};
  try {
    raw = JSON.parse(readFileSync(join(home, 'standin.json'), 'utf8')) as StandinConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    bootMs: nonNegative(raw.bootMs, 100),
    drainMs: nonNegative(raw.drainMs, 50),
    crashOnBoot: crashCode(raw.crashOnBoot),
    ignoreSigterm: raw.ignoreSigterm === true,
    token: typeof raw.token === 'string' && raw.token !== '' ? raw.token : defaultToken(home),
    platforms: Array.isArray(raw.platforms) ? raw.platforms : ['telegram', 'discord'],
  };
}
