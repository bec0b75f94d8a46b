/**
 * The sandboxed preload (bundled to one CommonJS file, dist/preload/index.cjs, by
 * scripts/build-preload.mjs): exposes the contract's API as window.hermesBar.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../ipc-contract.js';
import { ipcTransport } from './transport.js';

contextBridge.exposeInMainWorld('hermesBar', createApi(ipcTransport(ipcRenderer)));
