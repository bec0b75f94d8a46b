import { createServer, type Server } from 'node:net';
import { dispatch } from './dispatch.js';
import type { LaunchdState } from './launchd-state.js';
import { parseRequest, readFirstLine, writeMessage } from './protocol.js';
import { EXIT, fail } from './messages.js';

/** The daemon's socket server: one request and one answer per connection, any number at once. */
export function createLaunchdServer(state: LaunchdState): Server {
  return createServer((socket) => {
    socket.on('error', () => {
      // the client went away; its command still completes
    });
    readFirstLine(socket, (line) => {
      const request = parseRequest(line);
      const answer = request === null ? Promise.resolve(fail(EXIT.usage, 'launchd simulator: bad request')) : dispatch(state, request);
      void answer.then((result) => {
        if (socket.writable) {
          writeMessage(socket, result);
          socket.end();
        }
      });
    });
  });
}
