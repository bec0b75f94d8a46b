/**
 * Every unit Hermes's own code writes (real-hermes/, including one a real `hermes gateway install`
 * left under a real systemd --user) is Hermes's: `hermes-bar doctor` describes it as Hermes's own,
 * proposes no rewrite and leaves it as it was, against a real systemd --user.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { DoctorReport } from '../../electron/service/types.js';
import { installAnsweringHermes } from '../support/answering-hermes.js';
import { localized, realHermesDefinitions } from '../support/real-hermes.js';
import { describeSystemd, systemdFixture } from './fixture.js';

const DEFINITION_PROBLEMS = ['plist-missing', 'plist-invalid', 'plist-stale', 'launcher-missing'];

describeSystemd("Hermes's own units", () => {
  const units = realHermesDefinitions().filter((d) => d.kind === 'unit');

  it('are every unit in real-hermes/', () => {
    expect(units.length).toBe(9);
  });

  it.each(units.map((d) => [d.name, d] as const))('%s: doctor describes it as Hermes\'s and proposes no rewrite', async (_name, definition) => {
    const fx = await systemdFixture();
    try {
      const place = { userHome: fx.home, customHome: path.join(fx.root, 'data', 'hermes') };
      installAnsweringHermes(definition.shape, place);
      const real = localized(definition, place);
      await mkdir(real.home, { recursive: true });
      const file = path.join(fx.manager.unitsDir, real.serviceName);
      await writeFile(file, real.text, { mode: 0o644 });
      await fx.systemctl(['daemon-reload']);
      const env = { HERMES_HOME: definition.home === 'custom' ? place.customHome : fx.hermesHome };
      const profile = definition.profile ? ['--profile', definition.profile] : [];

      const doctor = await fx.run(['doctor', '--json', ...profile], env);
      expect(doctor.exitCode, doctor.stderr).toBe(0);
      const report = doctor.json as DoctorReport;
      expect(report.status.label).toBe(real.serviceName);
      expect(report.definition).toMatch(new RegExp(`^Hermes's own unit file \\(Hermes ${definition.generation.replace('.', '\\.')} layout`));
      expect(report.plistChanges).toEqual([]);
      expect(report.status.problems.map((p) => p.code).filter((code) => DEFINITION_PROBLEMS.includes(code))).toEqual([]);
      expect(await readFile(file, 'utf8')).toBe(real.text);
    } finally {
      await fx.finish();
    }
  });
});
