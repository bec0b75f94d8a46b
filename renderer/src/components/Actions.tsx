import { useLayoutEffect, useRef } from 'react';
import { actionWords, progressWords } from '../format.js';
import type { GatewayState, Operation } from '../types.js';

/** The four everyday buttons; Uninstall lives apart, behind a confirmation (GatewayService). */
type ButtonOperation = Exclude<Operation, 'uninstall'>;
const OPERATIONS: readonly ButtonOperation[] = ['start', 'stop', 'restart', 'repair'];

/** Whether an operation makes sense in a state; the engine is still the judge of the outcome. */
function applies(operation: ButtonOperation, state: GatewayState): boolean {
  switch (operation) {
    case 'start':
      return state !== 'running' && state !== 'starting';
    case 'stop':
      return state !== 'not-installed' && state !== 'stopped';
    case 'restart':
      // Restarting a stopped gateway starts it.
      return state === 'running' || state === 'crashed' || state === 'stopped';
    case 'repair':
      return true;
  }
}

export interface ActionsProps {
  /** null until the first status arrives: every button waits for it. */
  state: GatewayState | null;
  /** The operation running now (this popover's or any other client's); all buttons wait for it. */
  running: Operation | null;
  /** Some problem has a fix: Repair is the button to press. */
  repairable: boolean;
  onRun(operation: Operation): void;
}

export function Actions({ state, running, repairable, onRun }: ActionsProps) {
  const buttons = useRef(new Map<Operation, HTMLButtonElement>());
  const clicked = useRef<Operation | null>(null);

  // A button that becomes disabled loses keyboard focus (to <body> in Chromium). When the operation
  // ends, give focus back to it, or to the first button enabled now, so keyboard users keep their place.
  useLayoutEffect(() => {
    if (running !== null || clicked.current === null) return;
    const own = buttons.current.get(clicked.current);
    clicked.current = null;
    const active = document.activeElement;
    const lost = active === null || active === document.body || (active instanceof HTMLButtonElement && active.disabled);
    if (!lost) return;
    const target = own && !own.disabled ? own : [...buttons.current.values()].find((b) => !b.disabled);
    target?.focus();
  }, [running]);

  return (
    <div className="actions" role="group" aria-label="Actions">
      {OPERATIONS.map((operation) => {
        const busy = running === operation;
        const disabled = running !== null || state === null || !applies(operation, state);
        const emphasis = operation === 'repair' && repairable;
        return (
          <button
            key={operation}
            type="button"
            ref={(el) => {
              if (el) buttons.current.set(operation, el);
              else buttons.current.delete(operation);
            }}
            className={`action${emphasis ? ' action-emphasis' : ''}`}
            data-operation={operation}
            disabled={disabled}
            aria-busy={busy || undefined}
            onClick={() => {
              clicked.current = operation;
              onRun(operation);
            }}
          >
            {busy ? progressWords(operation) : actionWords(operation)}
          </button>
        );
      })}
    </div>
  );
}
