import { useCallback, useEffect, useState } from 'react';
import type { HermesBarApi, UpdateState } from '../types.js';

export interface UpdateControls {
  update: UpdateState | null;
  check(): void;
  restart(): void;
  setAutoCheck(enabled: boolean): void;
}

/** The app's self-update as the main process reports it (pushed on every change). */
export function useUpdate(api: HermesBarApi): UpdateControls {
  const [update, setUpdate] = useState<UpdateState | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.onUpdate((state) => live && setUpdate(state));
    api.getUpdate().then(
      (state) => live && setUpdate(state),
      // Without it the popover only lacks its update line; the tray menu still has the items.
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const answer = useCallback((call: Promise<UpdateState>) => void call.then(setUpdate, () => undefined), []);
  return {
    update,
    check: useCallback(() => answer(api.checkForUpdates()), [api, answer]),
    restart: useCallback(() => answer(api.restartToUpdate()), [api, answer]),
    setAutoCheck: useCallback((enabled: boolean) => answer(api.setAutoCheckUpdates(enabled)), [api, answer]),
  };
}
