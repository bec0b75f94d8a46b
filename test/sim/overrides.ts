import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from './atomic-write.js';

/**
 * Persistent enable/disable overrides, as `launchctl enable`/`disable` keep them.
 * File layout: `{"gui/501/ai.hermes.gateway": true}` where true means disabled.
 */
export class Overrides {
  constructor(private readonly file: string) {}

  private read(): Record<string, boolean> {
    try {
      const value: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
      const out: Record<string, boolean> = {};
      for (const [key, disabled] of Object.entries(value)) {
        if (typeof disabled === 'boolean') out[key] = disabled;
      }
      return out;
    } catch {
      return {};
    }
  }

  /** The override for a service, or null when there is none. */
  disabled(domain: string, label: string): boolean | null {
    return this.read()[`${domain}/${label}`] ?? null;
  }

  set(domain: string, label: string, disabled: boolean): void {
    const all = this.read();
    all[`${domain}/${label}`] = disabled;
    writeJsonAtomic(this.file, all);
  }

  /** Every override of one domain, label → disabled. */
  forDomain(domain: string): Map<string, boolean> {
    const prefix = `${domain}/`;
    const out = new Map<string, boolean>();
    for (const [key, disabled] of Object.entries(this.read())) {
      if (key.startsWith(prefix)) out.set(key.slice(prefix.length), disabled);
    }
    return out;
  }
}
