/**
 * What Hermes Bar writes is what Hermes writes: for every definition in real-hermes/, an install
 * of that file's shape (answering as real Hermes would) is asked for its commands, and the plist
 * or unit rendered from them must equal Hermes's file line for line (PATH aside, which Hermes's
 * own current-check masks), so a later `hermes gateway start` finds nothing to rewrite.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../../electron/service/hermes/install.js';
import { comparableText, renderPlistText, renderUnitText } from '../../../electron/service/hermes/layouts.js';
import { installAnsweringHermes } from '../../support/answering-hermes.js';
import { localized, realHermesDefinitions } from '../../support/real-hermes.js';

const definitions = realHermesDefinitions();

describe("the definitions Hermes Bar writes are Hermes's own, line for line", () => {
  it('covers every file in real-hermes/', () => {
    expect(definitions.map((d) => d.name)).toHaveLength(17);
  });

  it.each(definitions.map((d) => [d.name, d] as const))('%s', async (_name, definition) => {
    const userHome = mkdtempSync(path.join(os.tmpdir(), 'hb-layout-'));
    const place = { userHome, customHome: path.join(userHome, 'Volumes', 'data', 'hermes') };
    const install = installAnsweringHermes(definition.shape, place);
    const real = localized(definition, place);
    const plan = await planFor({ hermes: install.hermes, foundBy: 'install root' }, real.home, userHome, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
    expect(plan.generation).toBe(definition.generation);
    const written = definition.kind === 'plist' ? renderPlistText(plan, real.serviceName) : renderUnitText(plan);
    expect(comparableText(written)).toBe(comparableText(real.text));
  });
});

describe("Hermes's current-check", () => {
  it('ignores trailing blanks, the PATH value and the outer blank lines, and nothing else', () => {
    const unit = '[Service]\nExecStart="/h" "gateway" "run"   \nEnvironment="PATH=/a:/b"\n';
    expect(comparableText(`\n${unit}\n`)).toBe(comparableText(unit.replace('/a:/b', '/c')));
    expect(comparableText(unit)).not.toBe(comparableText(unit.replace('"run"', '"run" "--replace"')));
    const dict = '<key>PATH</key>\n    <string>/a</string>\n<key>HERMES_HOME</key>';
    expect(comparableText(dict)).toBe(comparableText(dict.replace('/a', '/b:/c')));
    expect(comparableText(dict)).not.toBe(comparableText(`  ${dict}`.replace('<key>HERMES', '  <key>HERMES')));
  });
});
