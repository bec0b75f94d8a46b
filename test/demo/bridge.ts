/**
 * window.hermesBar for the browser demo: the contract's own createApi over HTTP (requests) and
 * Server-Sent Events (pushes), so the popover runs unchanged against the real engine.
 */
import type { HermesBarApi, Transport } from '../../electron/ipc-contract.js';
import { createApi } from '../../electron/ipc-contract.js';

declare global {
  interface Window {
    hermesBar: HermesBarApi;
  }
}

let events: EventSource | null = null;

const transport: Transport = {
  async invoke(channel, request) {
    const response = await fetch('./api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, payload: request }),
    });
    const body = (await response.json()) as { ok: true; value: unknown } | { ok: false; error: string };
    if (!body.ok) throw new Error(body.error);
    return body.value;
  },
  subscribe(push, listener) {
    events ??= new EventSource('./api/events');
    const handler = (event: MessageEvent<string>): void => listener(JSON.parse(event.data));
    events.addEventListener(push, handler);
    return () => events?.removeEventListener(push, handler);
  },
};

window.hermesBar = createApi(transport);
