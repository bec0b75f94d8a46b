import { useCallback, useEffect, useState } from 'react';
import { unexpectedError } from '../format.js';
import type { ErrorInfo, HermesBarApi, PreferenceKey, Preferences } from '../types.js';

export interface PreferencesState {
  preferences: Preferences | null;
  set(key: PreferenceKey, value: boolean): void;
}

/**
 * The settings as the main process reports them. A switch shows the answer of setPreference (the
 * login item's real status), not what was asked, so it never claims a state macOS refused.
 */
export function usePreferences(api: HermesBarApi, onFailure: (title: string, error: ErrorInfo) => void): PreferencesState {
  const [preferences, setPreferences] = useState<Preferences | null>(null);

  useEffect(() => {
    let live = true;
    api.getPreferences().then(
      (loaded) => live && setPreferences(loaded),
      (cause: unknown) => live && onFailure('Could not read the settings', unexpectedError(cause)),
    );
    return () => {
      live = false;
    };
  }, [api, onFailure]);

  const set = useCallback(
    (key: PreferenceKey, value: boolean) => {
      api.setPreference(key, value).then(setPreferences, (cause: unknown) => onFailure('Could not change the setting', unexpectedError(cause)));
    },
    [api, onFailure],
  );

  return { preferences, set };
}
