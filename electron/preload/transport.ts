/**
 * The contract's Transport over Electron IPC. Only these two functions touch ipcRenderer, and only
 * with channel names from the contract; the popover gets createApi's functions, never ipcRenderer.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { ipcName } from '../ipc-contract.js';
import type { Transport } from '../ipc-contract.js';

export function ipcTransport(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Transport {
  return {
    invoke: (channel, request) => ipc.invoke(ipcName(channel), request),
    subscribe(push, listener) {
      const name = ipcName(push);
      // The event object (with its sender) stays here: the popover receives the payload only.
      const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipc.on(name, handler);
      return () => {
        ipc.removeListener(name, handler);
      };
    },
  };
}
