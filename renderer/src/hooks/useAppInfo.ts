import { useEffect, useState } from 'react';
import type { AppInfo, HermesBarApi } from '../types.js';

/**
 * The app's version, the user's home (paths under it read `~/…`) and its OS: undefined until the
 * main process answers, null if it could not.
 */
export function useAppInfo(api: HermesBarApi): AppInfo | null | undefined {
  const [info, setInfo] = useState<AppInfo | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api.getAppInfo().then(
      (answer) => live && setInfo(answer),
      // Without it paths are shown whole; nothing else depends on it.
      () => live && setInfo(null),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return info;
}
