import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { ipcName, PUSH } from '../../electron/ipc-contract.js';
import type { HermesBarApi, StatusSnapshot } from '../../electron/ipc-contract.js';
import { contextBridge, fake, ipcRenderer, resetFake } from './fake-electron.js';
import { tempDir } from './fake-engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const API_FUNCTIONS: string[] = [
  'getStatus',
  'listGateways',
  'selectGateway',
  'run',
  'uninstall',
  'doctor',
  'tailLog',
  'getPreferences',
  'setPreference',
  'openLoginItemsSettings',
  'openLogs',
  'copyText',
  'copyDiagnostics',
  'resizePopover',
  'hidePopover',
  'quit',
  'installCommandLineTool',
  'revealPath',
  'onStatus',
  'onOperation',
  'getUpdate',
  'checkForUpdates',
  'restartToUpdate',
  'setAutoCheckUpdates',
  'onUpdate',
].sort();

beforeEach(() => resetFake());

/** Checks window.hermesBar as exposed: one function per action over ipcRenderer, nothing else. */
async function checkExposedApi(): Promise<void> {
  const api = fake.exposed.get('hermesBar') as HermesBarApi;
  expect([...fake.exposed.keys()]).toEqual(['hermesBar']);
  expect(Object.keys(api).sort()).toEqual(API_FUNCTIONS);
  expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);

  await api.run('restart', 'work');
  await api.tailLog(null, 'stderr', 50);
  expect(ipcRenderer.invoked).toEqual([
    { channel: ipcName('operation:run'), args: [{ operation: 'restart', profile: 'work' }] },
    { channel: ipcName('log:tail'), args: [{ profile: null, stream: 'stderr', lines: 50 }] },
  ]);

  const seen: unknown[] = [];
  const unsubscribe = api.onStatus((snapshot: StatusSnapshot) => seen.push(snapshot));
  const snapshot = { profile: null, status: null, error: null, busy: null, checkedAt: 1 };
  ipcRenderer.emit(ipcName(PUSH.status), { sender: 'the IPC event stays in the preload' }, snapshot);
  expect(seen).toEqual([snapshot]); // the payload only, not the event
  unsubscribe();
  expect(ipcRenderer.listenerCount(ipcName(PUSH.status))).toBe(0);
  ipcRenderer.emit(ipcName(PUSH.status), {}, snapshot);
  expect(seen).toHaveLength(1);
}

describe('the preload', () => {
  it('exposes the contract API as window.hermesBar', async () => {
    await import('../../electron/preload/index.js');
    await checkExposedApi();
  });

  it('bundles to one CommonJS file that needs only electron (a sandboxed preload)', async () => {
    const outfile = path.join(tempDir('hb-main-preload-'), 'index.cjs');
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'build-preload.mjs'), outfile], { stdio: 'pipe' });
    const code = readFileSync(outfile, 'utf8');
    const required: string[] = [];
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return { contextBridge, ipcRenderer };
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    expect(required).toEqual(['electron']);
    await checkExposedApi();
  });
});
