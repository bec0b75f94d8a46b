import { useCallback, useEffect, useState } from 'react';

interface Shown {
  text: string;
  /** Distinguishes two equal messages in a row, so each one gets its full time. */
  seq: number;
}

/** A message that clears itself after `ms` (a success note must not linger as if it were current). */
export function useTransient(ms: number): [string | null, (message: string | null) => void] {
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (shown === null) return;
    const timer = setTimeout(() => setShown(null), ms);
    return () => clearTimeout(timer);
  }, [shown, ms]);
  const show = useCallback((text: string | null) => setShown((prev) => (text === null ? null : { text, seq: (prev?.seq ?? 0) + 1 })), []);
  return [shown?.text ?? null, show];
}
