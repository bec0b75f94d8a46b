import { useCallback, useEffect, useMemo, useState } from 'react';
import { Actions } from './components/Actions.js';
import { ErrorBanner } from './components/ErrorBanner.js';
import { Facts } from './components/Facts.js';
import { FirstRun } from './components/FirstRun.js';
import { GatewayService } from './components/GatewayService.js';
import { LoginApproval } from './components/LoginApproval.js';
import { LogPanel } from './components/LogPanel.js';
import { Notice } from './components/Notice.js';
import { Platforms } from './components/Platforms.js';
import { Problems } from './components/Problems.js';
import { ProfileSwitcher } from './components/ProfileSwitcher.js';
import { Settings } from './components/Settings.js';
import { Staleness } from './components/Staleness.js';
import { StateBadge } from './components/StateBadge.js';
import { UpdateItem } from './components/UpdateItem.js';
import { firstRunOf } from './first-run.js';
import { actionWords, errorDetails } from './format.js';
import { useGateways } from './hooks/useGateways.js';
import { useNow } from './hooks/useNow.js';
import { useOperation, type OperationCallbacks } from './hooks/useOperation.js';
import { usePreferences } from './hooks/usePreferences.js';
import { useSnapshot } from './hooks/useSnapshot.js';
import { useTransient } from './hooks/useTransient.js';
import { useUpdate } from './hooks/useUpdate.js';
import type { ErrorInfo, HermesBarApi } from './types.js';

const NOTICE_MS = 4000;

interface Report {
  title: string;
  error: ErrorInfo;
}

function sameError(a: ErrorInfo | null, b: ErrorInfo | null): boolean {
  return a !== null && b !== null && a.code === b.code && a.message === b.message;
}

export interface AppProps {
  /** window.hermesBar in the app; a fake in tests. */
  api: HermesBarApi;
}

export function App({ api }: AppProps) {
  const { snapshot, failure: statusFailure, select } = useSnapshot(api);
  const gateways = useGateways(api);
  const now = useNow();
  const [report, setReport] = useState<Report | null>(null);
  const [notice, showNotice] = useTransient(NOTICE_MS);

  const profile = snapshot?.profile ?? null;
  const status = snapshot?.status ?? null;

  const callbacks = useMemo<OperationCallbacks>(
    () => ({
      succeeded: (message) => {
        setReport(null);
        showNotice(message);
      },
      failed: (operation, error) => {
        showNotice(null);
        setReport({ title: `${actionWords(operation)} failed`, error });
      },
    }),
    [showNotice],
  );
  const operation = useOperation(api, profile, callbacks);
  const reportFailure = useCallback((title: string, error: ErrorInfo) => setReport({ title, error }), []);
  const { preferences, set: setPreference } = usePreferences(api, reportFailure);
  const update = useUpdate(api);

  const firstRun = firstRunOf(snapshot);
  // No Hermes at all is "not installed" too, though the engine could give no status for it.
  const state = snapshot === null ? null : firstRun?.kind === 'no-hermes' ? 'not-installed' : (status?.state ?? 'unknown');
  const running = operation.running ?? snapshot?.busy ?? null;

  // A status error the user dismissed stays hidden until it changes or goes away; one the
  // first-run panel explains needs no banner.
  const statusError = firstRun?.kind === 'no-hermes' ? statusFailure : (snapshot?.error ?? statusFailure);
  const [dismissed, setDismissed] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    if (statusError === null) setDismissed(null);
  }, [statusError]);

  const banner: (Report & { dismiss(): void }) | null = report
    ? { ...report, dismiss: () => setReport(null) }
    : statusError && !sameError(statusError, dismissed)
      ? { title: 'Could not read the status', error: statusError, dismiss: () => setDismissed(statusError) }
      : null;

  const copy = (details: Report) => {
    api.copyText(errorDetails(details.error, details.title, status)).then(
      () => showNotice('Details copied'),
      () => showNotice('Could not copy the details'),
    );
  };

  const copyDiagnostics = () => {
    api.copyDiagnostics(profile).then(
      () => showNotice('Diagnostics copied (tokens and passwords removed)'),
      () => showNotice('Could not copy the diagnostics'),
    );
  };

  return (
    <main className="popover">
      <header className="header">
        <h1 className="title">Hermes Bar</h1>
        <ProfileSwitcher gateways={gateways} profile={profile} onSelect={select} />
      </header>

      <section className="summary" aria-label="Status">
        <div className="summary-line">
          <StateBadge state={state} />
          {snapshot && <Staleness checkedAt={snapshot.checkedAt} now={now} />}
        </div>
        {status && (
          <p className="home" title={status.plistPath}>
            {status.home}
          </p>
        )}
        <Facts status={status} />
      </section>

      {preferences?.openAtLogin === 'requires-approval' && <LoginApproval onOpenSettings={() => void api.openLoginItemsSettings()} />}
      {banner && <ErrorBanner title={banner.title} error={banner.error} onCopy={() => copy(banner)} onDismiss={banner.dismiss} />}
      <Notice message={notice} />

      {firstRun ? (
        <FirstRun
          api={api}
          profile={profile}
          state={firstRun}
          settingUp={running === 'repair'}
          busy={running !== null}
          onSetUp={() => operation.run('repair')}
          onCopied={showNotice}
        />
      ) : (
        <>
          <Platforms platforms={status?.gateway?.platforms ?? []} stale={status?.gateway?.stale ?? false} />
          <Problems problems={status?.problems ?? []} />

          <Actions
            state={state}
            running={running}
            repairable={status?.problems.some((problem) => problem.fix !== null) ?? false}
            onRun={operation.run}
          />

          <LogPanel api={api} profile={profile} />
        </>
      )}
      <GatewayService
        state={state}
        running={running}
        uninstalling={snapshot?.busy === 'uninstall'}
        onCopyDiagnostics={copyDiagnostics}
        onUninstall={() => operation.run('uninstall')}
      />
      <Settings preferences={preferences} onChange={setPreference} />
      <UpdateItem {...update} />
    </main>
  );
}
