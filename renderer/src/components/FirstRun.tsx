import { Fragment, useEffect, useId, useState } from 'react';
import type { DoctorReport, FirstRun as FirstRunState, HermesBarApi } from '../types.js';
import { CopyButton } from './CopyButton.js';
import { codeSpans, MessageText } from './MessageText.js';

export interface FirstRunProps {
  api: HermesBarApi;
  profile: string | null;
  state: NonNullable<FirstRunState>;
  userHome: string | null;
  /** Any operation is running: nothing else may start. */
  busy: boolean;
  onSetUp(): void;
}

/** The popover's first screen until there is a gateway to look after: a short card, its button in view. */
export function FirstRun(props: FirstRunProps) {
  return props.state.kind === 'no-hermes' ? <NotInstalled {...props} state={props.state} /> : <SetUp {...props} />;
}

function NotInstalled({ api, state, userHome }: FirstRunProps & { state: Extract<FirstRunState, { kind: 'no-hermes' }> }) {
  const [command, ...then] = codeSpans(state.nextStep);
  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="card-title">
        Install Hermes Agent first
      </h2>
      <p>Hermes Bar keeps Hermes Agent’s messaging gateway running, and found no Hermes here.</p>
      {command ? (
        <>
          <p>Install it in Terminal:</p>
          <pre className="command">
            <code>
              <MessageText text={command} userHome={null} />
            </code>
          </pre>
          {then.length > 0 && (
            <p>
              Then run{' '}
              {then.map((step, i) => (
                <Fragment key={step}>
                  {i > 0 && ', then '}
                  <code>{step}</code>
                </Fragment>
              ))}
              .
            </p>
          )}
          <div className="buttons end">
            <CopyButton label="Copy Command" className="primary" copy={() => api.copyText(command)} />
          </div>
        </>
      ) : (
        <p>
          <MessageText text={state.nextStep} userHome={userHome} />
        </p>
      )}
      <p className="secondary">
        <MessageText text={/[.!?]$/.test(state.reason) ? state.reason : `${state.reason}.`} userHome={userHome} /> Hermes Bar notices the install by itself.
      </p>
    </section>
  );
}

type Plan = { kind: 'loading' } | { kind: 'ready'; report: DoctorReport } | { kind: 'failed'; message: string };

/** Hermes is here but its gateway is not a background service yet: set-up (Repair's install path) makes it one. */
function SetUp({ api, profile, userHome, busy, onSetUp }: FirstRunProps) {
  const [plan, setPlan] = useState<Plan>({ kind: 'loading' });
  const [open, setOpen] = useState(false);
  const detailsId = useId();

  // What set-up will do, from doctor: nothing is written until the button is pressed.
  useEffect(() => {
    let live = true;
    api.doctor(profile).then(
      (answer) => live && setPlan(answer.ok ? { kind: 'ready', report: answer.report } : { kind: 'failed', message: answer.error.message }),
      (cause: unknown) => live && setPlan({ kind: 'failed', message: cause instanceof Error ? cause.message : String(cause) }),
    );
    return () => {
      live = false;
    };
  }, [api, profile]);

  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="card-title">
        Set up the gateway
      </h2>
      <p>Hermes is installed. Hermes Bar can run its messaging gateway in the background, start it at login and keep it running.</p>
      <div className="buttons between">
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          <span className="disclosure-triangle" aria-hidden="true" />
          What set-up does
        </button>
        <button type="button" className="primary" disabled={plan.kind !== 'ready' || busy} onClick={onSetUp}>
          Set Up
        </button>
      </div>
      {open && (
        <div id={detailsId} className="first-run-details">
          {plan.kind === 'loading' && <p className="secondary">Checking what set-up will do…</p>}
          {plan.kind === 'failed' && <p className="secondary">Could not work out the set-up: {plan.message}</p>}
          {plan.kind === 'ready' && (
            <>
              <ol className="steps" aria-label="Set-up steps">
                {plan.report.repairPlan.map((step) => (
                  <li key={step}>
                    <MessageText text={step} userHome={userHome} />
                  </li>
                ))}
              </ol>
              <dl className="files" aria-label="What set-up writes">
                <dt>{plan.report.status.backend === 'systemd' ? 'Unit file' : 'Plist'}</dt>
                <dd>
                  <MessageText text={plan.report.status.plistPath} userHome={userHome} />
                </dd>
                {plan.report.plistChanges
                  .filter((change) => change.wanted !== '')
                  .map((change) => (
                    <Fragment key={change.field}>
                      <dt>{change.field}</dt>
                      <dd>
                        <MessageText text={change.wanted} userHome={userHome} />
                      </dd>
                    </Fragment>
                  ))}
              </dl>
            </>
          )}
        </div>
      )}
      <p className="secondary">Nothing is written until you click Set Up.</p>
    </section>
  );
}
