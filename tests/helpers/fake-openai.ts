// A local OpenAI-compatible server for tests: answers POST /v1/chat/completions like the real API,
// fails on cue (429 with retry-after, 5xx, 400, slow answers, truncated or refused output), and
// records every request with its full body so tests can assert exactly what was sent.
//
// Review requests and verification requests (the second request that confirms a finding before it
// blocks) are answered from separate queues and defaults, so a test scripts each on its own. By
// default every finding a verification asks about is confirmed, so a critical still blocks.
//
// It runs inside the test process. A hook running in a child process only needs `url`; spawn that
// child asynchronously (spawnSync would block this server's event loop).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /v1/chat/completions. */
  path: string;
  /** The query parameters, e.g. Azure's api-version. */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  body: any;
  rawBody: string;
  /** performance.now() when the request arrived, for measuring gaps between retries. */
  at: number;
}

export interface UsageCounts {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeReply =
  /** A review object, sent as the message content (JSON). */
  | { review: unknown; finishReason?: string; usage?: Partial<UsageCounts> }
  /** Raw content text: Markdown, prose-wrapped JSON, garbage; null for no content. */
  | { content: string | null; finishReason?: string; usage?: Partial<UsageCounts> }
  /** Content cut off at the token limit (finish_reason "length"). */
  | { truncated: string }
  /** A refusal (message.refusal set, content null). */
  | { refusal: string }
  /** An HTTP error. 429 gets a rate-limit body; retryAfter sets the retry-after header (seconds). */
  | { status: number; error?: Record<string, unknown>; retryAfter?: number; retryAfterMs?: number; headers?: Record<string, string> }
  /** Waits, then answers with `then` (or the default reply). Stops cleanly on close or client abort. */
  | { delayMs: number; then?: FakeReply }
  /** A web page instead of JSON (a proxy's error page, a login portal), with this status (default 200). */
  | { html: string; status?: number }
  /** Destroys the connection without answering. */
  | { drop: true }
  /** Decides per request. */
  | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>);

/** A request the verify stage sent: its system message starts with the verification heading. */
export function isVerificationRequest(request: Pick<RecordedRequest, 'body'>): boolean {
  const first = request.body?.messages?.[0]?.content;
  return typeof first === 'string' && first.startsWith('# Finding verification');
}

/** The finding ids a verification request asks about, in order ("### C1 (critical, security) …" headings). */
export function askedIds(request: Pick<RecordedRequest, 'body'>): string[] {
  const messages: Array<{ content?: unknown }> = request.body?.messages ?? [];
  const user = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  return [...user.matchAll(/^### ([CIM]\d+) \(/gm)].map((m) => m[1]!);
}

type Verdict = 'confirm' | 'reject';

/**
 * A verification answer for whatever ids the request asks about: one verdict for all, or per id
 * (ids not named are confirmed). The reason says which verdict, so tests can find it in reports.
 */
export function verdicts(verdict: Verdict | Record<string, Verdict>, reason?: string, usage?: Partial<UsageCounts>): FakeReply {
  return (request) => ({
    ...(usage === undefined ? {} : { usage }),
    review: {
      verdicts: askedIds(request).map((id) => {
        const v = typeof verdict === 'string' ? verdict : (verdict[id] ?? 'confirm');
        return {
          id,
          verdict: v,
          reason: reason ?? (v === 'reject' ? `the code shows ${id} is wrong` : `the code shows ${id} as described`),
        };
      }),
    },
  });
}

export const CONFIRM_ALL: FakeReply = verdicts('confirm');

/**
 * Which server to answer as, with its own paths, authentication and error bodies:
 * - openai: /v1/chat/completions, `Authorization: Bearer`.
 * - azure: /openai/deployments/<deployment>/chat/completions?api-version=…, `api-key` header; its
 *   errors carry a string `code` ("404", "401", "DeploymentNotFound").
 * - ollama: also POST /api/show (model information: model_info, parameters), GET /api/ps (the loaded
 *   models with their context_length) and GET /api/tags;
 *   a model it lacks gets 404 {"error": "model 'x' not found"}.
 * - lmstudio: refuses response_format json_object with 400 {"error": "…must be 'json_schema' or 'text'"}.
 */
export type FakeFlavor = 'openai' | 'azure' | 'ollama' | 'lmstudio';

export interface FakeOpenAIOptions {
  flavor?: FakeFlavor;
  /** Ollama: what /api/show says about the model (model_info and the parameters text). */
  ollamaShow?: { model_info?: Record<string, unknown>; parameters?: string };
  /**
   * Ollama: the loaded models GET /api/ps lists (default none), each with the context_length the
   * server allocated (absent, as servers before 0.9 answer); `false`: a server without /api/ps (404).
   */
  ollamaLoaded?: Array<{ name: string; context_length?: number }> | false;
  /** Azure: the deployments that exist (default: the model name). */
  deployments?: string[];
  /** The model listed by GET /v1/models and echoed when a request names none. */
  model?: string;
  /** When set, requests without `Authorization: Bearer <key>` get 401. */
  requireApiKey?: string;
  /** The reply used when the queue is empty; defaults to a clean review with verdict "ready". */
  defaultReply?: FakeReply;
  /** The reply to verification requests when their queue is empty; defaults to confirming every finding. */
  verifyReply?: FakeReply;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, as OPENAI_BASE_URL or baseURL expects it. */
  url: string;
  requests: RecordedRequest[];
  /** Requests to /v1/chat/completions only (review and verification alike). */
  chatRequests(): RecordedRequest[];
  /** Review requests only (chat requests that are not verification requests). */
  reviewRequests(): RecordedRequest[];
  /** Verification requests only. */
  verifyRequests(): RecordedRequest[];
  /** Queues replies to review requests, used in order; when the queue is empty the default reply answers. */
  reply(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply): void;
  /** Queues replies to verification requests, used in order; then the verification default answers. */
  verifyReply(...replies: FakeReply[]): void;
  setVerifyDefault(reply: FakeReply): void;
  /** Empties the verification queue and restores its default (confirm every finding, or the option's). */
  resetVerify(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const CLEAN_REVIEW = {
  summary: 'The change does what the task asks.',
  findings: [],
  strengths: ['Small, focused change.'],
  requirements: [],
  verdict: 'ready',
};

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const model = options.model ?? 'gpt-4o-mini';
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let defaultReply: FakeReply = options.defaultReply ?? { review: CLEAN_REVIEW };
  const verifyQueue: FakeReply[] = [];
  let verifyDefault: FakeReply = options.verifyReply ?? CONFIRM_ALL;
  const sockets = new Set<Socket>();
  const timers = new Set<{ cancel: () => void }>();
  let closed = false;
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: { message: `fake server error: ${String(error)}`, type: 'server_error' } });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = parsedUrl.pathname;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(parsedUrl.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      body: parseJson(rawBody),
      rawBody,
      at: performance.now(),
    };
    requests.push(recorded);
    const requestId = `req_fake_${++counter}`;
    res.setHeader('x-request-id', requestId);

    const flavor = options.flavor ?? 'openai';
    if (flavor === 'azure') {
      if (options.requireApiKey !== undefined && recorded.headers['api-key'] !== options.requireApiKey) {
        sendJson(res, 401, {
          error: {
            code: '401',
            message:
              'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
          },
        });
        return;
      }
      const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path)?.[1];
      if (recorded.method === 'POST' && deployment !== undefined && recorded.query['api-version']) {
        if (!(options.deployments ?? [model]).includes(decodeURIComponent(deployment))) {
          sendJson(res, 404, {
            error: {
              code: 'DeploymentNotFound',
              message:
                'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
            },
          });
          return;
        }
        const scripted = queue.length > 0 ? (queue.shift() as FakeReply) : defaultReply;
        await answer(scripted, recorded, req, res, requestId);
        return;
      }
      sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
      return;
    }
    if (options.requireApiKey !== undefined && recorded.headers.authorization !== `Bearer ${options.requireApiKey}`) {
      sendJson(res, 401, {
        error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null },
      });
      return;
    }
    if (recorded.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1_700_000_000, owned_by: 'fake' }] });
      return;
    }
    if (flavor === 'ollama' && recorded.method === 'POST' && path === '/api/show') {
      if (recorded.body?.model !== model) {
        sendJson(res, 404, { error: `model '${String(recorded.body?.model)}' not found` });
        return;
      }
      sendJson(res, 200, {
        modelfile: '',
        parameters: '',
        template: '',
        details: { family: 'llama' },
        model_info: {},
        ...options.ollamaShow,
      });
      return;
    }
    if (flavor === 'ollama' && recorded.method === 'GET' && path === '/api/ps' && options.ollamaLoaded !== false) {
      // Ollama's shape: name and model (with the tag), sizes, details, when it unloads, and (0.9+) context_length.
      sendJson(res, 200, {
        models: (options.ollamaLoaded ?? []).map((m) => ({
          name: m.name,
          model: m.name,
          size: 4_920_000_000,
          digest: 'a8b0c51577010a279d933d14c2a8ab4b268079d44c5c8830c0a93900f1827c67',
          details: {
            parent_model: '',
            format: 'gguf',
            family: 'llama',
            families: ['llama'],
            parameter_size: '7.6B',
            quantization_level: 'Q4_K_M',
          },
          expires_at: '2026-11-29T22:30:00.000000000Z',
          size_vram: 4_920_000_000,
          ...(m.context_length === undefined ? {} : { context_length: m.context_length }),
        })),
      });
      return;
    }
    if (flavor === 'lmstudio' && recorded.body?.response_format?.type === 'json_object') {
      sendJson(res, 400, { error: "'response_format.type' must be 'json_schema' or 'text'" });
      return;
    }
    if (recorded.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, {
        error: { message: `Unknown path ${recorded.method} ${path}`, type: 'invalid_request_error', code: 'unknown_url', param: null },
      });
      return;
    }
    const verification = isVerificationRequest(recorded);
    const [list, fallback] = verification ? [verifyQueue, verifyDefault] : [queue, defaultReply];
    const scripted = list.length > 0 ? (list.shift() as FakeReply) : fallback;
    await answer(scripted, recorded, req, res, requestId, verification);
  }

  async function answer(
    reply: FakeReply,
    request: RecordedRequest,
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    verification = false,
  ): Promise<void> {
    if (typeof reply === 'function') return answer(await reply(request), request, req, res, id, verification);
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    if ('delayMs' in reply) {
      const finished = await wait(reply.delayMs, res);
      if (!finished) return;
      const fallback = verification ? verifyDefault : defaultReply;
      return answer(
        reply.then ?? (fallback === reply ? (verification ? CONFIRM_ALL : { review: CLEAN_REVIEW }) : fallback),
        request,
        req,
        res,
        id,
        verification,
      );
    }
    if ('html' in reply) {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(reply.html) });
      res.end(reply.html);
      return;
    }
    if ('status' in reply) {
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
      if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
      sendJson(res, reply.status, { error: reply.error ?? defaultError(reply.status) }, headers);
      return;
    }
    const modelName = typeof request.body?.model === 'string' ? request.body.model : model;
    let content: string | null;
    let refusal: string | null = null;
    let finishReason = 'stop';
    let usage: Partial<UsageCounts> | undefined;
    if ('review' in reply) {
      content = JSON.stringify(reply.review);
      finishReason = reply.finishReason ?? 'stop';
      usage = reply.usage;
    } else if ('content' in reply) {
      content = reply.content;
      finishReason = reply.finishReason ?? 'stop';
      usage = reply.usage;
    } else if ('truncated' in reply) {
      content = reply.truncated;
      finishReason = 'length';
    } else {
      content = null;
      refusal = reply.refusal;
    }
    const promptTokens = usage?.prompt_tokens ?? Math.ceil(request.rawBody.length / 4);
    const completionTokens = usage?.completion_tokens ?? Math.ceil((content ?? refusal ?? '').length / 4);
    sendJson(res, 200, {
      id: `chatcmpl-${id}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: modelName,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal }, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  /** Resolves true after ms, or false as soon as the client goes away or the server closes. */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = {
        cancel: () => {
          clearTimeout(timer);
          timers.delete(entry);
          res.off('close', entry.cancel);
          resolve(false);
        },
      };
      const timer = setTimeout(() => {
        timers.delete(entry);
        res.off('close', entry.cancel);
        resolve(!closed && !res.destroyed);
      }, ms);
      timers.add(entry);
      res.on('close', entry.cancel);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const timer of [...timers]) timer.cancel();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')),
    reviewRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions') && !isVerificationRequest(r)),
    verifyRequests: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions') && isVerificationRequest(r)),
    reply: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      defaultReply = reply;
    },
    verifyReply: (...replies) => void verifyQueue.push(...replies),
    setVerifyDefault: (reply) => {
      verifyDefault = reply;
    },
    resetVerify: () => {
      verifyQueue.length = 0;
      verifyDefault = options.verifyReply ?? CONFIRM_ALL;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function defaultError(status: number): Record<string, unknown> {
  if (status === 429) return { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded', param: null };
  if (status >= 500)
    return { message: 'The server had an error while processing your request.', type: 'server_error', code: null, param: null };
  if (status === 401)
    return { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null };
  return { message: 'Bad request', type: 'invalid_request_error', code: null, param: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * One local model server per test file, reset before each test: recorded requests cleared and
 * `defaultReply` answering again. Returns the server itself (a stand-in until it has started, so
 * test files can name it at the top level).
 */
export function useModelServer(defaultReply: FakeReply = { review: CLEAN_REVIEW }, options: FakeOpenAIOptions = {}): FakeOpenAI {
  let started: FakeOpenAI | null = null;
  beforeAll(async () => {
    started = await startFakeOpenAI({ ...options, defaultReply });
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    started!.requests.length = 0;
    started!.setDefault(defaultReply);
    started!.resetVerify();
  });
  return new Proxy({} as FakeOpenAI, {
    get(_target, property) {
      if (!started) throw new Error('the model server is used before it started (use it inside a test)');
      const value = Reflect.get(started, property, started) as unknown;
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** The text of every message in a chat request, joined: what a scripted reply is keyed on. */
export function sentText(request: RecordedRequest): string {
  const messages: unknown = request.body?.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .map((m: { content?: unknown }) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')))
    .join('\n');
}

/**
 * Scripted mode keyed by case: each request gets the reply of the first key that appears in what was
 * sent (a case's task title, a file name), else `otherwise`. A key may map to a list of replies, used
 * one per request in order (the last one repeats), so rounds of `eval --repeat` can differ.
 */
export function byCase(replies: Record<string, FakeReply | FakeReply[]>, otherwise: FakeReply = { review: CLEAN_REVIEW }): FakeReply {
  const used = new Map<string, number>();
  return (request) => {
    const text = sentText(request);
    for (const [key, reply] of Object.entries(replies)) {
      if (!text.includes(key)) continue;
      if (!Array.isArray(reply)) return reply;
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      return reply[Math.min(n, reply.length - 1)] as FakeReply;
    }
    return otherwise;
  };
}
