// The renderer's only door to the app: window.cisgram (desktop) or HTTP + WebSocket (browser mode),
// wrapped into the same CisgramApi. Replies and events are validated against the shared schemas.
import { ApiEvent, ApiError, Reply, commands, type CisgramApi, type CommandName, type Input, type Output } from '@shared/api';
import type { CisgramBridge } from '@shared/bridge';

declare global {
  interface Window {
    cisgram?: CisgramBridge;
  }
}

function unwrap<K extends CommandName>(name: K, raw: unknown): Output<K> {
  const reply = Reply.parse(raw);
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.details);
  return commands[name].output.parse(reply.value) as Output<K>;
}

function fromBridge(bridge: CisgramBridge): CisgramApi {
  return {
    invoke: async (name, input) => unwrap(name, await bridge.invoke(name, input)),
    on: (listener) =>
      bridge.onEvent((raw) => {
        const e = ApiEvent.safeParse(raw);
        if (e.success) listener(e.data);
      }),
    dialogs: { openFile: (o) => bridge.openFile(o) },
  };
}

function overHttp(): CisgramApi {
  const listeners = new Set<(e: ApiEvent) => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = () => {
    const ws = new WebSocket(`ws://${location.host}/api/events`);
    socket = ws;
    ws.onmessage = (m) => {
      try {
        const e = ApiEvent.safeParse(JSON.parse(String(m.data)));
        if (e.success) for (const l of listeners) l(e.data);
      } catch {
        // ignore a malformed frame
      }
    };
    ws.onopen = () => (retry = 500);
    ws.onclose = () => {
      socket = null;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();
  return {
    invoke: async <K extends CommandName>(name: K, input: Input<K>) => {
      let res: Response;
      try {
        res = await fetch(`/api/invoke/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        throw new ApiError('internal', 'Cisgram is not reachable: is the Cisgram server still running?');
      }
      if (res.status === 401) throw new ApiError('unauthorized', 'This page lost its access token: open the address Cisgram printed when it started.');
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError('internal', `Unexpected reply from Cisgram (${res.status}).`);
      }
      return unwrap(name, body);
    },
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get connected() {
      return socket?.readyState === WebSocket.OPEN;
    },
  } as CisgramApi;
}

export const api: CisgramApi = window.cisgram ? fromBridge(window.cisgram) : overHttp();

/** Told the name of every command that succeeded (the undo store refreshes after an edit). */
const invoked = new Set<(name: CommandName) => void>();
export function onInvoked(listener: (name: CommandName) => void): () => void {
  invoked.add(listener);
  return () => invoked.delete(listener);
}
const rawInvoke = api.invoke.bind(api);
api.invoke = async (name, input) => {
  const value = await rawInvoke(name, input);
  for (const l of invoked) l(name);
  return value;
};
export const isDesktop = !!window.cisgram;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
