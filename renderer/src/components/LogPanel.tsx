import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { HermesBarApi, LogStream, LogTail } from '../types.js';

const TAIL_LINES = 200;

const STREAMS: readonly { stream: LogStream; label: string }[] = [
  { stream: 'stderr', label: 'Errors (stderr)' },
  { stream: 'stdout', label: 'Output (stdout)' },
];

export interface LogPanelProps {
  api: HermesBarApi;
  profile: string | null;
}

/** The end of the gateway's log, read only while the disclosure is open. */
export function LogPanel({ api, profile }: LogPanelProps) {
  const [open, setOpen] = useState(false);
  const [stream, setStream] = useState<LogStream>('stderr');
  const [tail, setTail] = useState<LogTail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Only the latest request may fill the panel (a slow answer for the other stream must not win).
  const request = useRef(0);
  const pre = useRef<HTMLPreElement>(null);
  const panelId = useId();
  const groupName = useId();

  const load = useCallback(() => {
    const mine = ++request.current;
    setLoading(true);
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
    ).finally(() => mine === request.current && setLoading(false));
  }, [api, profile, stream]);

  // Another gateway's lines must not linger under this one's name.
  useEffect(() => setTail(null), [profile]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  // Show the newest lines first: scroll to the end whenever new text arrives.
  useLayoutEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [tail]);

  return (
    <section className="section log">
      <div className="log-bar">
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          {open ? 'Hide log' : 'Show log'}
        </button>
        <button type="button" onClick={() => void api.openLogs(profile)}>
          Open logs
        </button>
      </div>
      {open && (
        <div id={panelId} className="log-panel">
          <div className="log-controls">
            <fieldset className="segmented">
              <legend className="visually-hidden">Log stream</legend>
              {STREAMS.map((option) => (
                <label key={option.stream}>
                  <input type="radio" name={groupName} value={option.stream} checked={stream === option.stream} onChange={() => setStream(option.stream)} />
                  {option.label}
                </label>
              ))}
            </fieldset>
            <button type="button" onClick={load} aria-busy={loading || undefined}>
              Refresh
            </button>
          </div>
          {failure !== null && <p className="log-note">Could not read the log: {failure}</p>}
          {tail !== null && !tail.exists && <p className="log-note">No log yet at {tail.path}.</p>}
          {tail !== null && tail.exists && tail.lines.length === 0 && <p className="log-note">The log is empty.</p>}
          {/* tabIndex: a scrollable region must be reachable (and scrollable) by keyboard. */}
          <pre ref={pre} className="log-lines" aria-label="Gateway log" tabIndex={0}>
            {tail?.lines.join('\n') ?? ''}
          </pre>
        </div>
      )}
    </section>
  );
}
