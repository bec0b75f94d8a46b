import type { HermesBarApi } from '../../electron/ipc-contract.js';

declare global {
  interface Window {
    /** Exposed by the preload (contextBridge); the popover's only way to the app. */
    hermesBar: HermesBarApi;
  }
}

export {};
