import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { daemonAlive, startDaemon } from './daemon-start.js';
import type { SimPaths } from './paths.js';
import { parseResult, readFirstLine, writeMessage } from './protocol.js';
import type { CommandResult, SimRequest } from './types.js';

const CONNECT_DEADLINE_MS = 15_000;
const RETRY_MS = 20;
const RESTART_EVERY_MS = 1_000;

class NotListening extends Error {}

/** Sends one request; rejects with NotListening when nothing listens on the socket. */
function send(socketPath: string, request: SimRequest): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let connected = false;
    let answered = false;
    const socket = connect(socketPath);
    socket.on('connect', () => {
      connected = true;
      writeMessage(socket, request);
    });
    readFirstLine(socket, (line) => {
      answered = true;
      const result = parseResult(line);
      if (result === null) reject(new Error('launchd simulator sent a malformed answer'));
      else resolve(result);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && (error.code === 'ENOENT' || error.code === 'ECONNREFUSED')) reject(new NotListening());
      else if (!answered) reject(error);
    });
    socket.on('close', () => {
      if (connected && !answered) reject(new Error('launchd simulator closed the connection'));
    });
  });
}

/** Sends a request to the daemon, starting it first if nothing listens. */
export async function request(paths: SimPaths, message: SimRequest): Promise<CommandResult> {
  const deadline = Date.now() + CONNECT_DEADLINE_MS;
  let lastStart = 0;
  for (;;) {
    try {
      return await send(paths.socket, message);
    } catch (error) {
      if (!(error instanceof NotListening)) throw error;
    }
    if (Date.now() > deadline) throw new Error(`launchd simulator did not start (see ${paths.daemonOut})`);
    if (!daemonAlive(paths) && Date.now() - lastStart > RESTART_EVERY_MS) {
      lastStart = Date.now();
      startDaemon(paths);
    }
    await sleep(RETRY_MS);
  }
}
