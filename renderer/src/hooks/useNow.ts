import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`, so "checked N s ago" keeps counting. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
