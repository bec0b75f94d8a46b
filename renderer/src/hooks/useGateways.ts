import { useEffect, useState } from 'react';
import type { GatewaySummary, HermesBarApi } from '../types.js';

/** Every Hermes gateway the main process found; empty until (or unless) it answers. */
export function useGateways(api: HermesBarApi): GatewaySummary[] {
  const [gateways, setGateways] = useState<GatewaySummary[]>([]);
  useEffect(() => {
    let live = true;
    api.listGateways().then(
      (list) => live && setGateways(list),
      // Without the list the popover still shows the selected gateway; only the switcher is missing.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return gateways;
}
