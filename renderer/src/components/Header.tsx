import type { ReactNode } from 'react';
import { tildify } from '../format.js';
import type { Health } from '../types.js';
import { StatusSymbol } from './StatusSymbol.js';

export interface HeaderProps {
  health: Health;
  /** The gateway's state as the engine says it ("loading" before the first look), for tests and the bench. */
  state: string;
  /** A just-finished operation's outcome, said in place of the detail for a moment (never over a warning). */
  note: string | null;
  /** The profile switcher and the ⋯ menu. */
  toolbar: ReactNode;
  /** Paths in the detail read `~/…`. */
  userHome: string | null;
  /** The action buttons under the sentence. */
  children?: ReactNode;
}

/** One sentence that states the gateway's health, and under it the one obvious next click. */
export function Header({ health, state, note, toolbar, userHome, children }: HeaderProps) {
  const calm = health.tone === 'ok' || health.tone === 'idle';
  const said = note !== null && calm ? note : health.detail;
  const detail = said === null ? null : tildify(said, userHome);
  return (
    <header className="card header">
      <div className="headline">
        <StatusSymbol tone={health.tone} />
        <div className="headline-body">
          {/* Floated beside the title only: a profile pop-up arriving late never narrows the detail. */}
          <div className="toolbar">{toolbar}</div>
          {/* Announced politely when it changes: the state is the news. */}
          <div className="headline-text" role="status" aria-atomic="true" data-testid="headline" data-tone={health.tone} data-state={state}>
            <h1 className="headline-title">{health.title}</h1>
            {detail && (
              <p className={`headline-detail${said === note ? ' headline-note' : ''}`} title={detail}>
                {detail}
              </p>
            )}
          </div>
        </div>
      </div>
      {children}
    </header>
  );
}
