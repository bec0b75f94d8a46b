import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidProfile, labelSuffixes, launchdLabel, launchdLabelFor, systemdUnitFor, systemdUnitName } from '../../../electron/service/hermes/homes.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'hb-homes-'));

describe('labels and unit names', () => {
  it('uses ai.hermes.gateway for ~/.hermes and the profile name for a profile', () => {
    expect(launchdLabel(path.join(home, '.hermes'), home)).toBe('ai.hermes.gateway');
    expect(systemdUnitName(path.join(home, '.hermes'), home)).toBe('hermes-gateway.service');
    expect(launchdLabel(path.join(home, '.hermes', 'profiles', 'work'), home)).toBe('ai.hermes.gateway-work');
    expect(systemdUnitName(path.join(home, '.hermes', 'profiles', 'work'), home)).toBe('hermes-gateway-work.service');
  });

  it("gives any other home 0.21's hash of the resolved path first and 0.18's bare name second", () => {
    const other = path.join(home, 'elsewhere');
    mkdirSync(other);
    const hash = createHash('sha256').update(other).digest('hex').slice(0, 8);
    expect(labelSuffixes(other, home)).toEqual([hash, null]);
    expect(launchdLabel(other, home)).toBe(`ai.hermes.gateway-${hash}`);
    expect(launchdLabelFor(null)).toBe('ai.hermes.gateway');
    expect(systemdUnitFor(null)).toBe('hermes-gateway.service');
    const link = path.join(home, 'link');
    symlinkSync(other, link);
    expect(launchdLabel(link, home)).toBe(launchdLabel(other, home));
  });

  it('checks profile names against the pattern', () => {
    for (const good of ['a', 'work', 'w0rk_2-x', 'x'.repeat(64)]) expect(isValidProfile(good)).toBe(true);
    for (const bad of ['', '-a', '_a', 'Work', '../x', 'a/b', 'x'.repeat(65), 'a b', 'a;rm', 'é']) expect(isValidProfile(bad)).toBe(false);
  });
});
