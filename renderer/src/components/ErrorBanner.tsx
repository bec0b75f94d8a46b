import type { ErrorInfo } from '../types.js';

export interface ErrorBannerProps {
  /** What failed, e.g. "Restart failed". */
  title: string;
  error: ErrorInfo;
  onCopy(): void;
  onDismiss(): void;
}

/** A failure with its explanation and next step, as the engine described it. */
export function ErrorBanner({ title, error, onCopy, onDismiss }: ErrorBannerProps) {
  return (
    <div role="alert" className="banner" data-code={error.code}>
      <p className="banner-title">
        <strong>{title}:</strong> {error.message}
      </p>
      <p className="banner-explanation">{error.explanation}</p>
      <p className="banner-next">
        <strong>Next step:</strong> {error.nextStep}
      </p>
      <div className="banner-buttons">
        <button type="button" onClick={onCopy}>
          Copy details
        </button>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
