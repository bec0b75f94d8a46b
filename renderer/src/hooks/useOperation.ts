import { useCallback, useEffect, useRef, useState } from 'react';
import { unexpectedError } from '../format.js';
import type { ErrorInfo, HermesBarApi, Operation, OperationProgress } from '../types.js';

export interface OperationCallbacks {
  succeeded(operation: Operation, message: string): void;
  failed(operation: Operation, error: ErrorInfo): void;
}

export interface OperationState {
  /** The operation running on this gateway as far as this popover knows: its own click or a pushed one. */
  running: Operation | null;
  run(operation: Operation): void;
}

/**
 * One click → one call: run() for the everyday operations, uninstall() for Uninstall (the main
 * process asks the user first; a declined question ends here quietly). The outcome goes to the
 * callbacks, the new status comes by push.
 */
export function useOperation(api: HermesBarApi, profile: string | null, callbacks: OperationCallbacks): OperationState {
  const [pending, setPending] = useState<Operation | null>(null);
  const [pushed, setPushed] = useState<OperationProgress | null>(null);
  // State updates land on the next render; a second click in the same tick must still be refused.
  const inFlight = useRef(false);

  useEffect(
    () =>
      api.onOperation((progress) => {
        setPushed((current) => {
          if (progress.phase === 'started') return progress;
          return current?.profile === progress.profile && current.operation === progress.operation ? null : current;
        });
      }),
    [api],
  );

  const { succeeded, failed } = callbacks;
  const run = useCallback(
    (operation: Operation) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPending(operation);
      const call = operation === 'uninstall' ? api.uninstall(profile) : api.run(operation, profile);
      call
        .then(
          (response) => {
            if (response === null) return;
            if (response.ok) succeeded(operation, response.message);
            else failed(operation, response.error);
          },
          (cause: unknown) => failed(operation, unexpectedError(cause)),
        )
        .finally(() => {
          inFlight.current = false;
          setPending(null);
        });
    },
    [api, profile, succeeded, failed],
  );

  const running = pending ?? (pushed && pushed.profile === profile ? pushed.operation : null);
  return { running, run };
}
