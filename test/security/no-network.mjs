/**
 * Preload for test/security/electronegativity.test.ts: `node --import=<this file>` makes every
 * outgoing connection and host-name lookup of the process fail, and records each attempt as one
 * line in $HERMES_BAR_NETWORK_LOG, so a test can show that a run stayed offline.
 */
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.HERMES_BAR_NETWORK_LOG;

function refuse(what) {
  try {
    appendFileSync(log, `${what}\n`);
  } catch {
    // the refusal below is what matters
  }
  return new Error(`network access refused in this test: ${what}`);
}

if (log) {
  net.Socket.prototype.connect = function connect(...args) {
    const target = args[0];
    const where = typeof target === 'object' && target !== null ? `${target.host ?? target.path ?? '?'}:${target.port ?? ''}` : String(target);
    throw refuse(`connect ${where}`);
  };
  dns.lookup = function lookup(host) {
    throw refuse(`lookup ${host}`);
  };
  dns.promises.lookup = async function lookup(host) {
    throw refuse(`lookup ${host}`);
  };
  syncBuiltinESMExports();
}
