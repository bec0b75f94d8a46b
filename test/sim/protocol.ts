import type { Socket } from 'node:net';
import type { CommandResult, SimRequest } from './types.js';

/** One JSON document per line on the daemon socket. */
export function writeMessage(socket: Socket, message: SimRequest | CommandResult): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

/** Calls `onMessage` with the first complete line received on the socket. */
export function readFirstLine(socket: Socket, onLine: (line: string) => void): void {
  let buffer = '';
  let done = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (done) return;
    buffer += chunk;
    const end = buffer.indexOf('\n');
    if (end >= 0) {
      done = true;
      onLine(buffer.slice(0, end));
    }
  });
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseRequest(line: string): SimRequest | null {
  try {
    const value: unknown = JSON.parse(line);
    if (!isRecord(value)) return null;
    const { argv, uid, cwd } = value;
    if (!isStringArray(argv) || typeof uid !== 'number' || typeof cwd !== 'string') return null;
    return { argv, uid, cwd };
  } catch {
    return null;
  }
}

export function parseResult(line: string): CommandResult | null {
  try {
    const value: unknown = JSON.parse(line);
    if (!isRecord(value)) return null;
    const { exit, stdout, stderr } = value;
    if (typeof exit !== 'number' || typeof stdout !== 'string' || typeof stderr !== 'string') return null;
    return { exit, stdout, stderr };
  } catch {
    return null;
  }
}
