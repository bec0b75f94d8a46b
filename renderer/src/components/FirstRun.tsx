import { Fragment, useEffect, useState } from 'react';
import type { FirstRun as FirstRunState } from '../first-run.js';
import type { DoctorReport, HermesBarApi } from '../types.js';
import { CodeText, codeSpans } from './CodeText.js';

export interface FirstRunProps {
  api: HermesBarApi;
  profile: string | null;
  state: NonNullable<FirstRunState>;
  /** Set-up (Repair) is running now. */
  settingUp: boolean;
  /** Any operation is running: nothing else may start. */
  busy: boolean;
  onSetUp(): void;
  onCopied(message: string): void;
}

/** The popover's first screen until there is a gateway to look after. */
export function FirstRun(props: FirstRunProps) {
  return props.state.kind === 'no-hermes' ? <NotInstalled {...props} state={props.state} /> : <SetUp {...props} />;
}

function NotInstalled({ api, state, onCopied }: FirstRunProps & { state: Extract<FirstRunState, { kind: 'no-hermes' }> }) {
  const command = codeSpans(state.nextStep)[0];
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="first-run-title">
        Hermes Agent is not installed
      </h2>
      <p>Hermes Bar keeps Hermes Agent’s messaging gateway running, and found no Hermes here: {state.reason}</p>
      <p>
        <CodeText text={state.nextStep} />
      </p>
      {command && (
        <div className="first-run-buttons">
          <button type="button" onClick={() => void api.copyText(command).then(() => onCopied('Install command copied'), () => onCopied('Could not copy the command'))}>
            Copy install command
          </button>
        </div>
      )}
      <p className="first-run-note">Hermes Bar notices the new install by itself; then you can set up the gateway here.</p>
    </section>
  );
}

type Plan = { kind: 'loading' } | { kind: 'ready'; report: DoctorReport } | { kind: 'failed'; message: string };

function SetUp({ api, profile, settingUp, busy, onSetUp }: FirstRunProps) {
  const [plan, setPlan] = useState<Plan>({ kind: 'loading' });

  // What set-up will write, from doctor (which changes nothing), shown before anything is written.
  useEffect(() => {
    let live = true;
    setPlan({ kind: 'loading' });
    api.doctor(profile).then(
      (answer) => live && setPlan(answer.ok ? { kind: 'ready', report: answer.report } : { kind: 'failed', message: answer.error.message }),
      (cause: unknown) => live && setPlan({ kind: 'failed', message: cause instanceof Error ? cause.message : String(cause) }),
    );
    return () => {
      live = false;
    };
  }, [api, profile]);

  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="first-run-title">
        Set up the gateway
      </h2>
      <p>Hermes is installed, but its messaging gateway does not run as a background service yet. Set up gateway will:</p>
      {plan.kind === 'loading' && <p className="first-run-note">Checking what set-up will do…</p>}
      {plan.kind === 'failed' && <p className="first-run-note">Could not work out the set-up: {plan.message}</p>}
      {plan.kind === 'ready' && (
        <>
          <ol className="first-run-plan" aria-label="Set-up steps">
            {plan.report.repairPlan.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <dl className="facts first-run-files" aria-label="What set-up writes">
            <dt>Plist</dt>
            <dd>{plan.report.status.plistPath}</dd>
            {plan.report.plistChanges
              .filter((change) => change.wanted !== '')
              .map((change) => (
                <Fragment key={change.field}>
                  <dt>{change.field}</dt>
                  <dd>{change.wanted}</dd>
                </Fragment>
              ))}
          </dl>
        </>
      )}
      <p className="first-run-note">Nothing is written until you click Set up gateway.</p>
      <div className="first-run-buttons">
        <button type="button" className="action action-emphasis" disabled={plan.kind !== 'ready' || busy} aria-busy={settingUp || undefined} onClick={onSetUp}>
          {settingUp ? 'Setting up…' : 'Set up gateway'}
        </button>
      </div>
    </section>
  );
}
