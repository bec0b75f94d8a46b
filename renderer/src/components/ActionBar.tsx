import { useLayoutEffect, useRef } from 'react';
import type { EverydayOperation, Health, PrimaryAction } from '../types.js';

export type ActionId = EverydayOperation | 'show-error';

export interface ActionButton {
  id: ActionId;
  label: string;
  primary: boolean;
}

const LABELS: Record<ActionId, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', repair: 'Repair', 'show-error': 'Show Error Log' };
/** Left to right; the primary action goes last, at the right, as in a macOS dialog. */
const ORDER: readonly EverydayOperation[] = ['stop', 'restart', 'start', 'repair'];

/**
 * The buttons for a state: the operations that make sense, the primary one (if any) highlighted.
 * Set-up has its own card, so a gateway never set up has none here.
 */
export function actionButtons(health: Pick<Health, 'primary' | 'operations'>): ActionButton[] {
  if (health.primary === 'set-up') return [];
  const primary: Exclude<PrimaryAction, 'set-up'> | null = health.primary;
  const secondary = ORDER.filter((op) => op !== primary && health.operations.includes(op)).map((id) => ({ id, label: LABELS[id], primary: false }));
  return primary ? [...secondary, { id: primary, label: LABELS[primary], primary: true }] : secondary;
}

export interface ActionBarProps {
  buttons: readonly ActionButton[];
  /** An operation runs: every button waits (keeping its place and size; the headline shows progress). */
  disabled: boolean;
  onAction(id: ActionId): void;
}

export function ActionBar({ buttons, disabled, onAction }: ActionBarProps) {
  const group = useRef<HTMLDivElement>(null);
  const clicked = useRef<ActionId | null>(null);

  // A button that becomes disabled loses keyboard focus (to <body>). When the operation ends, give
  // it back to that button, or to the primary one if it is gone, so keyboard users keep their place.
  useLayoutEffect(() => {
    if (disabled || clicked.current === null) return;
    const id = clicked.current;
    clicked.current = null;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    const all = [...(group.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    (all.find((b) => b.dataset.action === id) ?? all.at(-1))?.focus();
  }, [disabled]);

  if (buttons.length === 0) return null;
  return (
    <div className="actions" role="group" aria-label="Actions" ref={group}>
      {buttons.map((button) => (
        <button
          key={button.id}
          type="button"
          className={button.primary ? 'primary' : undefined}
          data-action={button.id}
          disabled={disabled}
          onClick={() => {
            clicked.current = button.id;
            onAction(button.id);
          }}
        >
          {button.label}
        </button>
      ))}
    </div>
  );
}
