/**
 * The gateway's service definition (a plist, a unit file) judged the same way on every backend
 * (DESIGN.md rule 5): a Hermes definition of this home whose programs exist is Hermes's and is
 * never rewritten; only a missing, unreadable, foreign or broken one is replaced, by what the
 * installed Hermes would write.
 */
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { ServiceError } from './errors.js';
import type { DefinitionCommand, DefinitionFacts } from './hermes/definitions.js';
import { judgeDefinition, missingProgram } from './hermes/definitions.js';
import type { HermesInstall } from './hermes/install.js';
import { generationOfCommand, HERMES_INSTALL_STEP, InstallUnreadable, LAUNCHER_SEARCH, planFor } from './hermes/install.js';
import type { GatewayPlan, Generation } from './hermes/layouts.js';
import { labelSuffixes } from './hermes/homes.js';
import type { ServiceFile } from './service-file.js';
import { hasSafePermissions, writeFileAtomically } from './service-file.js';
import type { Settings } from './settings.js';
import type { GatewayTarget } from './target.js';
import { serviceNamed } from './target.js';
import type { PlistChange, Problem } from './types.js';

export type DefinitionVerdict =
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string }
  /** Readable, but not Hermes's definition of this gateway (another home or label, no gateway, not kept running). */
  | { kind: 'foreign'; reason: string; otherHome?: string }
  /** Hermes's definition, but a program it runs is gone (an upgrade or reinstall moved it). */
  | { kind: 'launcher-missing'; program: string; command: DefinitionCommand }
  | { kind: 'current'; command: DefinitionCommand; generation: Generation };

type Parsed<T> = { ok: true } & T;

/** `facts` reads what a parsed file says in the terms both backends share. */
export function definitionVerdict<T>(
  file: ServiceFile<Parsed<T> | { ok: false; reason: string }>,
  facts: (parsed: Parsed<T>) => DefinitionFacts,
  expected: { home: string; label: string | null },
  userHome: string,
): DefinitionVerdict {
  if (!file.exists) return { kind: 'missing' };
  if (!file.parsed.ok) return { kind: 'invalid', reason: file.parsed.reason };
  const judged = judgeDefinition(facts(file.parsed), expected, userHome);
  if (!judged.ok) return { kind: 'foreign', reason: judged.reason, ...(judged.otherHome ? { otherHome: judged.otherHome } : {}) };
  const missing = missingProgram(judged.command);
  if (missing !== null) return { kind: 'launcher-missing', program: missing, command: judged.command };
  return { kind: 'current', command: judged.command, generation: generationOfCommand(judged.command.gateway) };
}

/** The gateway command a verdict found in the file, for finding the install it belongs to. */
export function commandOfVerdict(verdict: DefinitionVerdict): DefinitionCommand | null {
  return verdict.kind === 'current' || verdict.kind === 'launcher-missing' ? verdict.command : null;
}

/** Whether Repair (or Start) may write the file: it is missing or not usable, and not another home's gateway. */
export function mayWrite(verdict: DefinitionVerdict): boolean {
  return verdict.kind !== 'current' && !(verdict.kind === 'foreign' && verdict.otherHome);
}

/** How a backend names its file and what Repair does after writing it. */
export interface DefinitionWords {
  /** "plist", "unit file". */
  noun: string;
  path: string;
  /** After writing a missing file: "load it", "start it". */
  thenRun: string;
}

/** The sentence doctor and the repair dialog say about the file. */
export function describeDefinition(verdict: DefinitionVerdict, noun: string): string | null {
  if (verdict.kind !== 'current') return null;
  const wrapped = verdict.command.wrapped ? "Hermes's stderr wrapper around `gateway run`" : '`gateway run`';
  return `Hermes's own ${noun} (Hermes ${verdict.generation} layout, ${wrapped}): Hermes owns its text, so Hermes Bar leaves it as it is.`;
}

export function definitionProblems(verdict: DefinitionVerdict, words: DefinitionWords, install: HermesInstall | null, supervised: boolean): Problem[] {
  const { noun, path } = words;
  const writes = `write the ${noun} the installed Hermes writes`;
  switch (verdict.kind) {
    case 'missing':
      return [
        install
          ? { code: 'plist-missing', severity: supervised ? 'warning' : 'error', message: `There is no ${noun} at ${path}.`, fix: `Write the ${noun} Hermes expects and ${words.thenRun}.` }
          : {
              code: 'launcher-missing',
              severity: 'error',
              message: `Hermes is not installed: no \`hermes\` at ${LAUNCHER_SEARCH}.`,
              fix: null,
              nextStep: `${HERMES_INSTALL_STEP} Then press Repair (or run \`hermes-bar repair\`).`,
            },
      ];
    case 'invalid':
      return [{ code: 'plist-invalid', severity: 'error', message: `The ${noun} cannot be read: ${verdict.reason}.`, fix: install ? `Keep a backup and ${writes}.` : null }];
    case 'foreign':
      if (verdict.otherHome) {
        return [
          {
            code: 'plist-stale',
            severity: 'error',
            message: `The ${noun} at ${path} runs the gateway of another home, ${verdict.otherHome} (Hermes 0.18 gives a home outside ~/.hermes the default home's name).`,
            fix: null,
            nextStep: 'Run one of the two gateways as a profile (`hermes profile create`), or upgrade Hermes, whose newer names tell the homes apart.',
          },
        ];
      }
      return [
        {
          code: 'plist-stale',
          severity: 'warning',
          message: `The ${noun} is not Hermes's definition of this gateway: ${verdict.reason}.`,
          fix: install ? `Keep a backup and ${writes}.` : null,
        },
      ];
    case 'launcher-missing':
      return [
        {
          code: 'launcher-missing',
          severity: 'error',
          message: `The ${noun} runs ${verdict.program}, which no longer exists (an upgrade or a reinstall may have moved it).`,
          fix: install ? `Keep a backup and ${writes} (${install.hermes}).` : null,
          ...(install ? {} : { nextStep: `Reinstall Hermes Agent, then press Repair (or run \`hermes-bar repair\`).` }),
        },
      ];
    case 'current':
      return [];
  }
}

/**
 * What the installed Hermes would write for `home` (install.ts's planFor), or the error to show
 * when there is no install or it does not answer the way a known Hermes does.
 */
export async function planDefinition(install: HermesInstall | null, missing: string | null, home: string, userHome: string, env: NodeJS.ProcessEnv): Promise<GatewayPlan> {
  if (!install) throw launcherMissing(missing);
  try {
    return await planFor(install, home, userHome, env);
  } catch (error) {
    if (!(error instanceof InstallUnreadable)) throw error;
    throw new ServiceError({
      code: 'hermes-unreadable',
      message: `Hermes at ${install.hermes} did not say how it runs the gateway`,
      explanation: `${error.message}. Hermes Bar writes only what the installed Hermes itself would write, so it writes nothing.`,
      nextStep: 'Reinstall Hermes Agent (or run `hermes gateway install` once), then press Repair.',
    });
  }
}

/** Nothing to run: no Hermes found, or the program a definition names is gone and no other Hermes exists. */
export function launcherMissing(program: string | null): ServiceError {
  return new ServiceError({
    code: 'launcher-missing',
    message: program ? `The gateway's program ${program} does not exist` : 'Hermes is not installed',
    explanation: `No Hermes was found at ${LAUNCHER_SEARCH} (or HERMES_BAR_HERMES), so there is nothing to run.`,
    nextStep: 'Install (or reinstall) Hermes Agent, then press Repair (or run `hermes-bar repair`).',
  });
}

/** A file under this gateway's name that runs another home's gateway is that gateway's: never overwritten. */
export function definitionConflict(path: string, otherHome: string): ServiceError {
  return new ServiceError({
    code: 'definition-conflict',
    message: `${path} runs the gateway of another home (${otherHome}); Hermes Bar will not overwrite it`,
    explanation: 'Hermes 0.18 gives a home outside ~/.hermes the same name as the default home, so the two gateways cannot both have a definition.',
    nextStep: 'Run one of them as a profile (`hermes profile create`), or upgrade Hermes, whose newer names tell the homes apart.',
  });
}

function describeVerdict(verdict: DefinitionVerdict): string {
  switch (verdict.kind) {
    case 'missing':
      return '(missing)';
    case 'invalid':
      return `(unreadable: ${verdict.reason})`;
    case 'foreign':
      return `(not Hermes's: ${verdict.reason})`;
    case 'launcher-missing':
      return `(runs ${verdict.program}, which is gone)`;
    case 'current':
      return "(Hermes's own)";
  }
}

/** The fields of the file Repair would write that differ from the file there now, for doctor and the repair dialog. */
export function changesFor(verdict: DefinitionVerdict, current: DefinitionFacts | null, wanted: { layout: string; argv: string[]; label: string | null; home: string }): PlistChange[] {
  const changes: PlistChange[] = [{ field: 'File', current: describeVerdict(verdict), wanted: wanted.layout }];
  const compare = (field: string, have: string | null, want: string): void => {
    if (have !== want) changes.push({ field, current: have, wanted: want });
  };
  if (wanted.label !== null) compare('Label', current?.label ?? null, wanted.label);
  compare('Command', current && current.argv.length > 0 ? current.argv.join(' ') : null, wanted.argv.join(' '));
  compare('HERMES_HOME', current?.env.HERMES_HOME ?? null, wanted.home);
  return changes;
}

/** What ensureDefinition did: Hermes's own file left as it is (its mode fixed at most), or the installed Hermes's written. */
export type EnsuredDefinition = { written: false; target: GatewayTarget } | { written: true; target: GatewayTarget; plan: GatewayPlan };

/**
 * Leaves Hermes's own definition as it is, fixing only a mode others could write through; writes
 * what the installed Hermes would write when there is no usable one, keeping a backup. Under an
 * 0.18 install a home outside ~/.hermes gets 0.18's bare name, so the target may change.
 */
export async function ensureDefinition(step: {
  verdict: DefinitionVerdict;
  file: ServiceFile<unknown>;
  uid: number;
  target: GatewayTarget;
  install: HermesInstall | null;
  settings: Settings;
  render(plan: GatewayPlan, name: string): string;
  actions: string[];
}): Promise<EnsuredDefinition> {
  const { verdict, file, settings } = step;
  let target = step.target;
  if (verdict.kind === 'current') {
    if (file.exists && !hasSafePermissions(file, step.uid) && file.uid === step.uid) {
      await chmod(target.plistPath, 0o644);
      step.actions.push(`Set ${target.plistPath} to mode 0644`);
    }
    return { written: false, target };
  }
  if (!mayWrite(verdict)) throw definitionConflict(target.plistPath, verdict.kind === 'foreign' ? (verdict.otherHome ?? '') : '');
  const plan = await planDefinition(step.install, verdict.kind === 'launcher-missing' ? verdict.program : null, target.home, settings.userHome, settings.env);
  if (plan.generation === '0.18' && verdict.kind === 'missing' && labelSuffixes(target.home, settings.userHome).length > 1) {
    // Target resolution picks the bare name's file when it serves this home: one there is another's.
    const bare = serviceNamed(settings, null);
    if (existsSync(bare.file)) throw definitionConflict(bare.file, 'another home');
    target = { ...target, label: bare.label, plistPath: bare.file };
  }
  const { backup } = await writeFileAtomically(target.plistPath, step.render(plan, target.label));
  step.actions.push(`Wrote ${target.plistPath}: what Hermes ${plan.version ?? plan.generation} writes (${verdict.kind}${backup ? `; backup ${backup}` : ''})`);
  return { written: true, target, plan };
}
