// Every model transport by name. Adding one (the Responses API, tool calling) is a folder beside
// this file that implements ModelTransport (transport.ts) and one line here. Each is loaded only when
// a request is due, since a transport brings its SDK with it.
import type { ModelTransport } from './transport.js';

const transports = {
  'chat-completions': async () => (await import('./chat-completions/client.js')).chatCompletions,
} satisfies Record<string, () => Promise<ModelTransport>>;

export type TransportName = keyof typeof transports;

/** Today every endpoint is spoken to through Chat Completions. */
export function loadTransport(name: TransportName = 'chat-completions'): Promise<ModelTransport> {
  return transports[name]();
}
