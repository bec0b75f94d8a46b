import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { firstRunOf, healthOf } from '../../electron/health.js';
import { ActionBar, actionButtons, type ActionId } from './components/ActionBar.js';
import { Details } from './components/Details.js';
import { ErrorBanner } from './components/ErrorBanner.js';
import { FirstRun } from './components/FirstRun.js';
import { Header } from './components/Header.js';
import { LoginApproval } from './components/LoginApproval.js';
import { LogView } from './components/LogView.js';
import { MoreMenu, type MenuGroups } from './components/MoreMenu.js';
import { Platforms } from './components/Platforms.js';
import { Problems } from './components/Problems.js';
import { ProfileSwitcher } from './components/ProfileSwitcher.js';
import { SettingsView } from './components/SettingsView.js';
import { updateMenuItem } from './components/UpdateItem.js';
import { errorDetails, failureTitle } from './format.js';
import { useContentHeight } from './hooks/useContentHeight.js';
import { useGateways } from './hooks/useGateways.js';
import { useNow } from './hooks/useNow.js';
import { useOperation, type OperationCallbacks } from './hooks/useOperation.js';
import { usePreferences } from './hooks/usePreferences.js';
import { useSnapshot } from './hooks/useSnapshot.js';
import { useTransient } from './hooks/useTransient.js';
import { useUpdate } from './hooks/useUpdate.js';
import type { AppInfo, ErrorInfo, HermesBarApi, LogStream, StatusSnapshot } from './types.js';

/** How long an operation's outcome is said in the headline. */
const NOTICE_MS = 5000;
/** Data older than this is said to be old: the main process normally pushes within seconds. */
export const STALE_AFTER_MS = 10_000;

type View = { kind: 'main' } | { kind: 'settings' } | { kind: 'log'; stream: LogStream };

interface Report {
  title: string;
  error: ErrorInfo;
}

function sameError(a: ErrorInfo | null, b: ErrorInfo | null): boolean {
  return a !== null && b !== null && a.code === b.code && a.message === b.message;
}

/**
 * What was shown before an operation began, kept while it runs (its buttons, the set-up card), so
 * nothing moves or resizes under the pointer; the headline says what is happening meanwhile.
 */
function useSteady<T>(value: T, busy: boolean): T {
  const settled = useRef(value);
  if (!busy) settled.current = value;
  return settled.current;
}

export interface AppProps {
  /** window.hermesBar in the app; a fake in tests. */
  api: HermesBarApi;
  /** The app's facts from the page's URL (app-info.ts). */
  info: AppInfo;
}

export function App({ api, info }: AppProps) {
  const root = useRef<HTMLElement>(null);
  const { snapshot, failure: statusFailure, select } = useSnapshot(api);
  const gateways = useGateways(api);
  const now = useNow();
  const [view, setView] = useState<View>({ kind: 'main' });
  const [report, setReport] = useState<Report | null>(null);
  const [notice, showNotice] = useTransient(NOTICE_MS);
  // Whether the running Repair sets a gateway up that was never set up (it is said so).
  const settingUp = useRef(false);
  useContentHeight(root, api);

  const profile = snapshot?.profile ?? null;
  const status = snapshot?.status ?? null;
  const userHome = info.userHome || null;
  const mac = info.os === 'darwin';

  const callbacks = useMemo<OperationCallbacks>(
    () => ({
      succeeded: (operation, message) => {
        setReport(null);
        showNotice(operation === 'repair' && settingUp.current ? 'Gateway set up and running' : message);
      },
      failed: (operation, error) => {
        showNotice(null);
        setReport({ title: failureTitle(operation, operation === 'repair' && settingUp.current), error });
      },
    }),
    [showNotice],
  );
  const operation = useOperation(api, profile, callbacks);
  const run = (op: Parameters<typeof operation.run>[0]) => {
    settingUp.current = op === 'repair' && status?.state === 'not-installed';
    operation.run(op);
  };
  const reportFailure = useCallback((title: string, error: ErrorInfo) => setReport({ title, error }), []);
  const { preferences, set: setPreference } = usePreferences(api, reportFailure);
  const update = useUpdate(api);

  // An IPC failure before any status came is said like the engine's own "could not read".
  const seen: StatusSnapshot | null = snapshot ?? (statusFailure ? { profile: null, status: null, error: statusFailure, busy: null, checkedAt: 0 } : null);
  const shown = seen?.status ?? null;
  const running = operation.running ?? snapshot?.busy ?? null;
  const computed = healthOf(seen, running);
  // Set-up writes the plist first: the status stops being "not set up" before set-up is done.
  const health = running === 'repair' && settingUp.current ? { ...computed, title: 'Setting up…' } : computed;
  const firstRun = useSteady(firstRunOf(seen), running !== null);
  const buttons = useSteady(actionButtons(health), running !== null);

  // A status error the user dismissed stays hidden until it changes or goes away; one the
  // first-run card explains needs no banner.
  const statusError = firstRun?.kind === 'no-hermes' ? null : (snapshot?.error ?? statusFailure);
  const [dismissed, setDismissed] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    if (statusError === null) setDismissed(null);
  }, [statusError]);
  const banner: (Report & { dismiss(): void }) | null = report
    ? { ...report, dismiss: () => setReport(null) }
    : statusError && !sameError(statusError, dismissed)
      ? { title: 'Couldn’t read the gateway’s status', error: statusError, dismiss: () => setDismissed(statusError) }
      : null;

  // Escape closes the popover as it closes a menu (an open menu takes it first); ⌘Q quits.
  useEffect(() => {
    const keys = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Escape') void api.hidePopover();
      else if (event.key.toLowerCase() === 'q' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        void api.quit();
      }
    };
    window.addEventListener('keydown', keys);
    return () => window.removeEventListener('keydown', keys);
  }, [api]);

  const go = (next: View) => {
    setView(next);
    window.scrollTo(0, 0);
  };
  const onAction = (id: ActionId) => (id === 'show-error' ? go({ kind: 'log', stream: 'stderr' }) : run(id));

  const checkForUpdates = () => {
    go({ kind: 'settings' });
    update.check();
  };
  const installed = status !== null && status.state !== 'not-installed';
  const menu: MenuGroups = [
    [
      { id: 'settings', label: 'Settings…', onSelect: () => go({ kind: 'settings' }) },
      { id: 'open-logs', label: mac ? 'Open Logs in Console' : 'Open Log Files', onSelect: () => api.openLogs(profile) },
      { id: 'copy-diagnostics', label: 'Copy Diagnostics', done: 'Copied ✓ (secrets removed)', onSelect: () => api.copyDiagnostics(profile) },
    ],
    // Hermes Bar's own items: its update (a check opens Settings, where the answer is said) and its command line.
    [
      ...(update.update ? [updateMenuItem(update.update, { check: checkForUpdates, restart: update.restart })] : []),
      { id: 'install-cli', label: 'Install Command Line Tool…', onSelect: () => api.installCommandLineTool() },
    ],
    [{ id: 'uninstall', label: 'Uninstall Gateway Service…', disabled: !installed || running !== null, onSelect: () => run('uninstall') }],
    [{ id: 'quit', label: 'Quit Hermes Bar', shortcut: '⌘Q', onSelect: () => api.quit() }],
  ];

  const age = snapshot ? now - snapshot.checkedAt : 0;
  const live = shown?.gateway && !shown.gateway.stale && (shown.state === 'running' || shown.state === 'starting') ? shown.gateway.platforms : [];

  return (
    <main className="popover" ref={root}>
      {view.kind === 'settings' && <SettingsView preferences={preferences} onChange={setPreference} update={update} onBack={() => go({ kind: 'main' })} />}
      {view.kind === 'log' && (
        <LogView
          api={api}
          profile={profile}
          initialStream={view.stream}
          userHome={userHome}
          openLabel={mac ? 'Open in Console' : 'Open File'}
          onBack={() => go({ kind: 'main' })}
        />
      )}
      {view.kind === 'main' && (
        <>
          <Header
            health={health}
            state={shown?.state ?? (seen ? 'unknown' : 'loading')}
            note={notice}
            userHome={userHome}
            toolbar={
              <>
                <ProfileSwitcher gateways={gateways} profile={profile} onSelect={select} />
                <MoreMenu groups={menu} />
              </>
            }
          >
            <ActionBar buttons={buttons} disabled={running !== null || seen === null} onAction={onAction} />
          </Header>

          {banner && (
            <ErrorBanner
              title={banner.title}
              error={banner.error}
              userHome={userHome}
              copyDetails={() => api.copyText(errorDetails(banner.error, banner.title, status))}
              onAction={(id) => run(id)}
              busy={running !== null}
              onDismiss={banner.dismiss}
            />
          )}
          {preferences?.openAtLogin === 'requires-approval' && <LoginApproval onOpenSettings={() => void api.openLoginItemsSettings()} />}

          {firstRun ? (
            <FirstRun api={api} profile={profile} state={firstRun} userHome={userHome} busy={running !== null} onSetUp={() => run('repair')} />
          ) : (
            shown && (
              <>
                <Problems problems={shown.problems} userHome={userHome} />
                <Platforms platforms={live} />
                <Details
                  status={shown}
                  userHome={userHome}
                  staleMs={age > STALE_AFTER_MS ? age : null}
                  revealLabel={mac ? 'Show in Finder' : 'Show in Folder'}
                  onReveal={(target) => void api.revealPath(profile, target)}
                  onShowLog={() => go({ kind: 'log', stream: 'stdout' })}
                />
              </>
            )
          )}
        </>
      )}
    </main>
  );
}
