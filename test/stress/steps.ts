/**
 * The steps of the model-based stress run: what a user, launchd, the gateway, Hermes's own CLI,
 * an upgrade or the machine can do to one gateway, as plain data so a failing sequence prints as
 * a regression test. A sequence also picks the Hermes install it runs against.
 */
import fc from 'fast-check';
import type { Operation } from '../../electron/service/types.js';
import type { HermesShape } from '../support/standin.js';

/** Every shape a sequence may run against: 0.21 with its store Python, 0.21 from a venv, 0.18. */
export const HERMES_SHAPES: readonly HermesShape[] = ['0.21', '0.21-nostore', '0.18'];

export type Via = 'engine' | 'cli';
export interface OperationCall {
  op: Operation;
  via: Via;
}

/** `wedged`: SIGUSR1 (Hermes's graceful restart) does nothing and SIGTERM is ignored. */
export type GatewayBehaviour = 'normal' | 'hang-on-term' | 'wedged' | 'slow-boot' | 'crash-loop';
export type PlistDamage = 'delete' | 'truncate' | 'corrupt' | 'group-writable' | 'old-install';
/** SIGKILL of the gateway itself, or of launchd's process (under 0.21's plist, the stderr wrapper). */
export type CrashTarget = 'gateway' | 'launchd';
export type InjectedCommand = 'bootstrap' | 'bootout' | 'kickstart' | 'kill' | 'enable';
export const INJECTED_EXITS = [5, 37, 113, 122, 125] as const;
export type InjectedExit = (typeof INJECTED_EXITS)[number];

export type Step =
  /** One operation, from the in-process engine (the app) or a separate CLI process. */
  | { kind: 'op'; call: OperationCall }
  /** Several operations at the same instant: the app and CLI processes. */
  | { kind: 'concurrent'; calls: OperationCall[] }
  /** Log out and in: launchd's RunAtLoad bootstrap races the app's look at launch. */
  | { kind: 'login' }
  /** The gateway (SIGKILL), or launchd's process: the wrapper's gateway then gets launchd's SIGTERM of the group. */
  | { kind: 'crash'; target: CrashTarget }
  /** How gateways boot and stop from now on. */
  | { kind: 'gateway'; behaviour: GatewayBehaviour }
  /** Damage to the plist, or an older install's own Hermes plist written over it (`old-install`). */
  | { kind: 'plist'; damage: PlistDamage }
  /** An upgrade moves the install root the plist names away (its programs gone); a later one puts it back. */
  | { kind: 'launcher'; action: 'move' | 'restore' }
  /** `hermes gateway start`: Hermes's own CLI rewrites a definition it calls outdated and reloads it. */
  | { kind: 'hermes-start' }
  /** `launchctl disable` (an override that outlives the job). */
  | { kind: 'disable' }
  /** launchctl fails the next `times` matching commands with `exit`. */
  | { kind: 'inject'; command: InjectedCommand; exit: InjectedExit; times: number }
  /** The next bootout's teardown takes `ms`. */
  | { kind: 'slow-bootout'; ms: number }
  /** A CLI operation SIGKILLed after `afterMs`. */
  | { kind: 'kill-cli'; op: Operation; afterMs: number }
  /** Time passes: launchd respawns, throttles, gateways boot. */
  | { kind: 'wait'; ms: number };

export type StepKind = Step['kind'];

const operation = fc.constantFrom<Operation>('start', 'stop', 'restart', 'repair');
/** The app (in process) three times in four: a CLI process costs a Node start. */
const call: fc.Arbitrary<OperationCall> = fc.record({ op: operation, via: fc.constantFrom<Via>('engine', 'engine', 'engine', 'cli') });

/** Operations at once: always the app and at least one CLI process. */
const concurrentCalls: fc.Arbitrary<OperationCall[]> = fc
  .tuple(operation, fc.array(operation, { minLength: 1, maxLength: 2 }))
  .map(([app, clis]) => [{ op: app, via: 'engine' as const }, ...clis.map((op) => ({ op, via: 'cli' as const }))]);

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: call.map((c): Step => ({ kind: 'op', call: c })) },
  { weight: 3, arbitrary: concurrentCalls.map((calls): Step => ({ kind: 'concurrent', calls })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'login' }) },
  { weight: 2, arbitrary: fc.constantFrom<CrashTarget>('gateway', 'launchd').map((target): Step => ({ kind: 'crash', target })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<GatewayBehaviour>('normal', 'normal', 'hang-on-term', 'wedged', 'slow-boot', 'crash-loop')
      .map((behaviour): Step => ({ kind: 'gateway', behaviour })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<PlistDamage>('delete', 'truncate', 'corrupt', 'group-writable', 'old-install')
      .map((damage): Step => ({ kind: 'plist', damage })),
  },
  { weight: 1, arbitrary: fc.constantFrom<'move' | 'restore'>('move', 'restore').map((action): Step => ({ kind: 'launcher', action })) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'hermes-start' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'disable' }) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        command: fc.constantFrom<InjectedCommand>('bootstrap', 'bootout', 'kickstart', 'kill', 'enable'),
        exit: fc.constantFrom(...INJECTED_EXITS),
        times: fc.integer({ min: 1, max: 2 }),
      })
      .map((rule): Step => ({ kind: 'inject', ...rule })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 800 }).map((ms): Step => ({ kind: 'slow-bootout', ms })) },
  {
    weight: 2,
    arbitrary: fc.record({ op: operation, afterMs: fc.integer({ min: 0, max: 300 }) }).map((k): Step => ({ kind: 'kill-cli', ...k })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((ms): Step => ({ kind: 'wait', ms })) },
);

export const MIN_STEPS = 5;
export const MAX_STEPS = 30;

/** One sequence: the Hermes install it runs against, and its steps. */
export interface Sequence {
  hermes: HermesShape;
  steps: Step[];
}

export const sequenceArbitrary: fc.Arbitrary<Sequence> = fc.record({
  hermes: fc.constantFrom(...HERMES_SHAPES),
  steps: fc.array(stepArbitrary, { minLength: MIN_STEPS, maxLength: MAX_STEPS, size: 'max' }),
});

/** One line per step, for a failure report. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'op':
      return `${step.call.op} (${step.call.via})`;
    case 'concurrent':
      return `at once: ${step.calls.map((c) => `${c.op} (${c.via})`).join(', ')}`;
    case 'gateway':
      return `gateways from now on: ${step.behaviour}`;
    case 'plist':
      return `plist: ${step.damage}`;
    case 'launcher':
      return `launcher: ${step.action}`;
    case 'crash':
      return `crash: SIGKILL of ${step.target === 'gateway' ? 'the gateway' : "launchd's process"}`;
    case 'hermes-start':
      return 'hermes gateway start';
    case 'inject':
      return `launchctl ${step.command} fails with ${step.exit} (${step.times}×)`;
    case 'slow-bootout':
      return `next bootout tears down for ${step.ms} ms`;
    case 'kill-cli':
      return `CLI ${step.op} killed after ${step.afterMs} ms`;
    case 'wait':
      return `wait ${step.ms} ms`;
    default:
      return step.kind;
  }
}

/** The fault kind a step counts under in the figures (operations are not faults). */
export function faultKind(step: Step): string | null {
  switch (step.kind) {
    case 'op':
    case 'concurrent':
    case 'wait':
      return null;
    case 'gateway':
      return step.behaviour === 'normal' ? null : `gateway ${step.behaviour}`;
    case 'plist':
      return `plist ${step.damage}`;
    case 'launcher':
      return `launcher ${step.action}`;
    case 'inject':
      return `launchctl ${step.exit}`;
    case 'login':
      return 'login race';
    case 'crash':
      return `crash ${step.target}`;
    case 'hermes-start':
      return 'hermes gateway start';
    default:
      return step.kind;
  }
}
