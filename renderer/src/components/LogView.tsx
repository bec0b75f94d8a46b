import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { HermesBarApi, LogStream, LogTail } from '../types.js';
import { NavBar } from './NavBar.js';
import { PathText } from './PathText.js';
import { Segmented } from './Segmented.js';

const TAIL_LINES = 200;

const STREAMS = [
  { value: 'stderr', label: 'Errors' },
  { value: 'stdout', label: 'Output' },
] as const satisfies readonly { value: LogStream; label: string }[];

export interface LogViewProps {
  api: HermesBarApi;
  profile: string | null;
  /** The stream shown first: the errors when the popover was asked to show why it fails. */
  initialStream: LogStream;
  userHome: string | null;
  /** "Open in Console" on macOS. */
  openLabel: string;
  onBack(): void;
}

/** The end of the gateway's log: the one scrolling area of its view, newest lines at the bottom. */
export function LogView({ api, profile, initialStream, userHome, openLabel, onBack }: LogViewProps) {
  const [stream, setStream] = useState<LogStream>(initialStream);
  const [tail, setTail] = useState<LogTail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Only the latest request may fill the view (a slow answer for the other stream must not win).
  const request = useRef(0);
  const pre = useRef<HTMLPreElement>(null);

  const load = useCallback(() => {
    const mine = ++request.current;
    api.tailLog(profile, stream, TAIL_LINES).then(
      (answer) => {
        if (mine !== request.current) return;
        setTail(answer);
        setFailure(null);
      },
      (cause: unknown) => {
        if (mine !== request.current) return;
        setTail(null);
        setFailure(cause instanceof Error ? cause.message : String(cause));
      },
    );
  }, [api, profile, stream]);

  useEffect(load, [load]);

  useLayoutEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [tail]);

  const note =
    failure !== null
      ? `Could not read the log: ${failure}`
      : tail === null
        ? 'Reading…'
        : !tail.exists
          ? 'No log yet.'
          : tail.lines.length === 0
            ? 'The log is empty.'
            : null;

  return (
    <div className="view">
      <NavBar title="Gateway log" onBack={onBack} />
      <div className="log-toolbar">
        <Segmented<LogStream> label="Log stream" options={STREAMS} value={stream} onChange={setStream} />
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      {/* tabIndex: a scrolling region must be reachable (and scrollable) by keyboard. */}
      <pre ref={pre} className="log-lines" aria-label="Gateway log" tabIndex={0}>
        {note === null ? tail?.lines.join('\n') : <span className="secondary">{note}</span>}
      </pre>
      <div className="log-footer">
        <p className="secondary log-path">{tail && <PathText path={tail.path} userHome={userHome} />}</p>
        <button type="button" onClick={() => void api.openLogs(profile)}>
          {openLabel}
        </button>
      </div>
    </div>
  );
}
