/**
 * One ipcMain handler per contract channel, all ending in the one dispatch function. A request
 * from anything but the popover is refused before dispatch; a malformed payload is refused by
 * dispatch (InvalidPayload) before any engine call.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, ipcName } from '../ipc-contract.js';
import type { Dispatch } from './dispatch.js';

export class UntrustedSender extends Error {
  constructor(channel: string) {
    super(`${channel}: refused, the request did not come from the Hermes Bar popover`);
    this.name = 'UntrustedSender';
  }
}

export function registerIpc(ipc: Pick<IpcMain, 'handle'>, dispatch: Dispatch, trusted: (event: IpcMainInvokeEvent) => boolean): void {
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(ipcName(channel), (event, payload: unknown) => {
      if (!trusted(event)) throw new UntrustedSender(channel);
      return dispatch(channel, payload);
    });
  }
}
