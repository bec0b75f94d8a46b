/** The update state of a copy of the app that cannot update itself, and why (updater.ts, the demo). */
import type { UpdateState } from '../ipc-contract.js';

export function unsupportedUpdate(currentVersion: string, why: string, autoCheck: boolean): UpdateState {
  return {
    phase: 'unsupported',
    currentVersion,
    version: null,
    percent: null,
    error: { code: 'update-unsupported', message: 'Hermes Bar does not update itself here', explanation: why, nextStep: 'Install Hermes Bar from its releases page or with Homebrew to get updates.' },
    canRestart: false,
    autoCheck,
    checkedAt: null,
  };
}
