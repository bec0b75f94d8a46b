import { useCallback, useEffect, useState } from 'react';
import { unexpectedError } from '../format.js';
import type { ErrorInfo, HermesBarApi, StatusSnapshot } from '../types.js';

export interface SnapshotState {
  /** The last status the main process sent; null until the first one arrives. */
  snapshot: StatusSnapshot | null;
  /** Set when asking for the status failed at the IPC level (the engine's own errors are in snapshot.error). */
  failure: ErrorInfo | null;
  select(profile: string | null): void;
}

/** The selected gateway's status: asked for once, then whatever the main process pushes. */
export function useSnapshot(api: HermesBarApi): SnapshotState {
  const [snapshot, setSnapshot] = useState<StatusSnapshot | null>(null);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);

  const accept = useCallback((next: StatusSnapshot) => {
    setSnapshot(next);
    setFailure(null);
  }, []);

  useEffect(() => {
    let live = true;
    const unsubscribe = api.onStatus(accept);
    api.getStatus(null).then(
      // A push that arrived while this request was in flight is newer: keep it.
      (first) => live && setSnapshot((current) => current ?? first),
      (cause: unknown) => live && setFailure(unexpectedError(cause)),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api, accept]);

  const select = useCallback(
    (profile: string | null) => {
      api.selectGateway(profile).then(accept, (cause: unknown) => setFailure(unexpectedError(cause)));
    },
    [api, accept],
  );

  return { snapshot, failure, select };
}
