import { useEffect, useState } from 'react';
import type { AppInfo, HermesBarApi } from '../types.js';

/** The app's version, the user's home (paths under it read `~/…`) and its OS; null until known. */
export function useAppInfo(api: HermesBarApi): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    api.getAppInfo().then(
      (answer) => live && setInfo(answer),
      // Without it paths are shown whole; nothing else depends on it.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return info;
}
