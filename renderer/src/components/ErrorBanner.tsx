import { useEffect, useRef } from 'react';
import { guiNextStep, namedOperation } from '../../../electron/health.js';
import type { ErrorInfo, EverydayOperation } from '../types.js';
import { CopyButton } from './CopyButton.js';
import { MessageText } from './MessageText.js';
import { StatusSymbol } from './StatusSymbol.js';

export interface ErrorBannerProps {
  /** What failed, e.g. "Couldn’t stop the gateway". */
  title: string;
  error: ErrorInfo;
  userHome: string | null;
  copyDetails(): Promise<unknown>;
  onDismiss(): void;
  /** The button the next step names, offered here (it may not be among the state's own). */
  onAction(operation: EverydayOperation): void;
  busy: boolean;
}

/**
 * A failure as the engine described it: what happened, why, and the next step (naming the button
 * to press). It comes into view and takes focus when it appears, wherever the popover was scrolled.
 */
export function ErrorBanner({ title, error, userHome, copyDetails, onDismiss, onAction, busy }: ErrorBannerProps) {
  const named = namedOperation(error.nextStep);
  const banner = useRef<HTMLElement>(null);
  useEffect(() => {
    // (jsdom, in the component tests, has no scrollIntoView.)
    banner.current?.scrollIntoView?.({ block: 'nearest' });
    banner.current?.focus({ preventScroll: true });
  }, [title, error]);
  return (
    <section ref={banner} role="alert" className="card banner" data-code={error.code} tabIndex={-1} aria-label={title}>
      <StatusSymbol tone="error" />
      <div className="banner-body">
        <p className="banner-title">{title}</p>
        <p className="banner-message">
          <MessageText text={error.message} userHome={userHome} />
        </p>
        <p className="secondary">
          <MessageText text={error.explanation} userHome={userHome} />
        </p>
        <p className="banner-next">
          <MessageText text={guiNextStep(error.nextStep)} userHome={userHome} />
        </p>
        <div className="buttons">
          {named && (
            <button type="button" disabled={busy} onClick={() => onAction(named.operation)}>
              {named.label}
            </button>
          )}
          <CopyButton label="Copy Details" copy={copyDetails} />
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    </section>
  );
}
