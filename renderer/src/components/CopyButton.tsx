import { useEffect, useState } from 'react';

const SHOWN_MS = 2000;

export interface CopyButtonProps {
  label: string;
  /** Resolves when the text is on the clipboard. */
  copy(): Promise<unknown>;
  className?: string;
}

/**
 * Copies and says so on the button itself ("Copied ✓", then its label again), at the same width:
 * the button reserves room for the longest of its words, so nothing moves.
 */
export function CopyButton({ label, copy, className }: CopyButtonProps) {
  const [said, setSaid] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (said === null) return;
    const timer = setTimeout(() => setSaid(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [said]);
  const words = { copied: 'Copied ✓', failed: 'Couldn’t copy' };
  return (
    <>
      <button type="button" className={`stacked${className ? ` ${className}` : ''}`} onClick={() => void copy().then(() => setSaid('copied'), () => setSaid('failed'))}>
        {/* The three words share one cell (the widest sets the width); only one is visible. */}
        <span className={said === null ? undefined : 'invisible'} aria-hidden={said !== null}>
          {label}
        </span>
        <span className={said === 'copied' ? undefined : 'invisible'} aria-hidden={said !== 'copied'}>
          {words.copied}
        </span>
        <span className={said === 'failed' ? undefined : 'invisible'} aria-hidden={said !== 'failed'}>
          {words.failed}
        </span>
      </button>
      <span className="visually-hidden" role="status">
        {said === null ? '' : words[said]}
      </span>
    </>
  );
}
