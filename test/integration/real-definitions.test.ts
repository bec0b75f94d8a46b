/**
 * Every plist Hermes's own code writes (real-hermes/: 0.21 and 0.18, default home, profile,
 * custom home, with and without a store Python) is Hermes's: `hermes-bar doctor` describes it as
 * Hermes's own and proposes no rewrite, and leaves the file as it was.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport, GatewayStatus } from '../../electron/service/types.js';
import { installAnsweringHermes } from '../support/answering-hermes.js';
import { cli } from '../support/cli.js';
import { localized, realHermesDefinitions } from '../support/real-hermes.js';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

const DEFINITION_PROBLEMS = ['plist-missing', 'plist-invalid', 'plist-stale', 'launcher-missing'];

describe("Hermes's own plists", () => {
  const plists = realHermesDefinitions().filter((d) => d.kind === 'plist');

  it('are every plist in real-hermes/', () => {
    expect(plists.length).toBe(8);
  });

  it.each(plists.map((d) => [d.name, d] as const))('%s: doctor describes it as Hermes\'s and proposes no rewrite', async (_name, definition) => {
    const sim = await createSimulator();
    sims.push(sim);
    const place = { userHome: sim.home, customHome: path.join(sim.root, 'data', 'hermes') };
    installAnsweringHermes(definition.shape, place);
    const real = localized(definition, place);
    await mkdir(real.home, { recursive: true });
    const file = path.join(sim.agentsDir, `${real.serviceName}.plist`);
    await writeFile(file, real.text, { mode: 0o644 });
    const env = { ...sim.env, HERMES_HOME: definition.home === 'custom' ? place.customHome : sim.hermesHome };
    const profile = definition.profile ? ['--profile', definition.profile] : [];

    const doctor = await cli(['doctor', '--json', ...profile], env);
    expect(doctor.exitCode, doctor.stderr).toBe(0);
    const report = doctor.json as DoctorReport;
    expect(report.status.label).toBe(real.serviceName);
    expect(report.status.plistPath).toBe(file);
    expect(report.definition).toMatch(new RegExp(`^Hermes's own plist \\(Hermes ${definition.generation.replace('.', '\\.')} layout`));
    expect(report.plistChanges).toEqual([]);
    expect(report.status.problems.map((p) => p.code).filter((code) => DEFINITION_PROBLEMS.includes(code))).toEqual([]);
    expect(report.repairPlan.join('\n')).not.toMatch(/write|rewrite/i);

    const text = await cli(['doctor', ...profile], env);
    expect(text.stdout).toContain("Hermes's own plist");
    const status = (await cli(['status', '--json', ...profile], env)).json as GatewayStatus;
    expect(status.problems.map((p) => p.code).filter((code) => DEFINITION_PROBLEMS.includes(code))).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(real.text);
  });
});
