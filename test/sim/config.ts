import { readFileSync } from 'node:fs';
import type { SimConfig } from './types.js';

/** The daemon's configuration with every default applied. */
export interface ResolvedConfig {
  timeScale: number;
  guiSession: boolean;
  teardownMs: number;
  home: string | null;
}

export const DEFAULT_CONFIG: ResolvedConfig = { timeScale: 1, guiSession: true, teardownMs: 4000, home: null };

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function resolveConfig(raw: SimConfig): ResolvedConfig {
  return {
    timeScale: positiveNumber(raw.timeScale, DEFAULT_CONFIG.timeScale),
    guiSession: typeof raw.guiSession === 'boolean' ? raw.guiSession : DEFAULT_CONFIG.guiSession,
    teardownMs: positiveNumber(raw.teardownMs, DEFAULT_CONFIG.teardownMs),
    home: typeof raw.home === 'string' && raw.home !== '' ? raw.home : null,
  };
}

/** Reads `config.json`; a missing file means the defaults. */
export function readConfig(file: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ...DEFAULT_CONFIG };
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${file}: expected a JSON object`);
  }
  return resolveConfig(value as SimConfig);
}
