// Ollama silently cuts a prompt longer than the model's context window (num_ctx) instead of
// refusing it, so a review sized for a bigger window would lose most of the diff without a word.
// The window is asked from the server, most reliable first:
// - GET /api/ps lists the loaded models, each with the context_length the server allocated for it
//   (Ollama 0.9 and later): the window requests get, whatever set it (the model's num_ctx, the
//   server's OLLAMA_CONTEXT_LENGTH, or the default newer servers pick by the GPU's memory).
// - POST /api/show gives the model's num_ctx parameter (its Modelfile) and its trained maximum.
// A model that is not loaded and sets no num_ctx gets the server's default, which no endpoint
// reports: 4096 is assumed, the smallest default of current servers, and the note says so.

/** Ollama's num_ctx when neither the model nor the request sets one (the server's OLLAMA_CONTEXT_LENGTH can raise it). */
export const OLLAMA_DEFAULT_NUM_CTX = 4096;

export interface OllamaShow {
  /** The model's trained maximum (model_info["<arch>.context_length"]). */
  contextLength: number | null;
  /** num_ctx set in the model's parameters (its Modelfile), which is what the server uses. */
  numCtx: number | null;
}

export interface OllamaWindow {
  /** Tokens of prompt and answer together that the server keeps. */
  tokens: number;
  /** Where the figure came from, for doctor and --verbose. */
  source: string;
  /** True when no endpoint said it: Ollama's default was assumed. */
  assumed: boolean;
}

/** Reads /api/show's answer. Pure; anything missing or malformed is null. */
export function parseOllamaShow(body: unknown): OllamaShow {
  const show = (body ?? {}) as { model_info?: unknown; parameters?: unknown };
  let contextLength: number | null = null;
  if (show.model_info !== null && typeof show.model_info === 'object') {
    const info = show.model_info as Record<string, unknown>;
    const arch = info['general.architecture'];
    const named = typeof arch === 'string' ? info[`${arch}.context_length`] : undefined;
    const any = Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1];
    contextLength = positive(named) ?? positive(any);
  }
  let numCtx: number | null = null;
  if (typeof show.parameters === 'string') {
    const match = /^\s*num_ctx\s+(\d+)\s*$/m.exec(show.parameters);
    numCtx = match ? positive(Number(match[1])) : null;
  }
  return { contextLength, numCtx };
}

/**
 * The context_length /api/ps reports for `model` when it is loaded; null when it is not loaded, the
 * server is older than the field, or the answer is not what Ollama sends. Pure. A name without a
 * tag means `:latest`, as Ollama reads it.
 */
export function parseOllamaPs(body: unknown, model: string): number | null {
  const models = (body as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return null;
  const wanted = new Set([model, model.includes(':') ? model : `${model}:latest`]);
  for (const entry of models) {
    if (entry === null || typeof entry !== 'object') continue;
    const { name, model: id, context_length } = entry as { name?: unknown; model?: unknown; context_length?: unknown };
    if (wanted.has(String(name)) || wanted.has(String(id))) return positive(context_length);
  }
  return null;
}

/**
 * The window the server will use: what /api/ps reports for the loaded model, else num_ctx if the
 * model sets it, else Ollama's default, never above the model's maximum.
 */
export function windowInUse(show: OllamaShow, loaded: number | null = null): OllamaWindow {
  if (loaded !== null) return { tokens: loaded, source: `the server reports ${loaded} for the loaded model (/api/ps)`, assumed: false };
  if (show.numCtx !== null) return { tokens: show.numCtx, source: `num_ctx ${show.numCtx} in the model's parameters`, assumed: false };
  const tokens = show.contextLength === null ? OLLAMA_DEFAULT_NUM_CTX : Math.min(show.contextLength, OLLAMA_DEFAULT_NUM_CTX);
  const max = show.contextLength === null ? '' : `; the model supports ${show.contextLength}`;
  return {
    tokens,
    source:
      `assumed: Ollama's default num_ctx ${OLLAMA_DEFAULT_NUM_CTX}, since the model is not loaded and sets no num_ctx${max}; ` +
      'a server started with OLLAMA_CONTEXT_LENGTH, or a newer one on a large GPU, gives more',
    assumed: true,
  };
}

/** The server root for an OpenAI-style base URL: http://host:11434/v1 → http://host:11434. */
export function ollamaRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export type AskResult = { ok: true; window: OllamaWindow; show: OllamaShow } | { ok: false; problem: string };

export async function askOllamaWindow(baseURL: string, model: string, timeoutMs: number): Promise<AskResult> {
  const root = ollamaRoot(baseURL);
  const signal = AbortSignal.timeout(timeoutMs);
  // Asked side by side; /api/ps is only a better answer, so its failure (an older server) costs nothing.
  const [shown, loaded] = await Promise.all([
    getJson(`${root}/api/show`, signal, { model }),
    getJson(`${root}/api/ps`, signal, null).then(
      (answer) => (answer.ok ? parseOllamaPs(answer.body, model) : null),
      () => null,
    ),
  ]).catch((error: unknown) => [{ ok: false as const, problem: describeFetchError(error) }, null] as const);
  if (!shown.ok) return shown;
  const show = parseOllamaShow(shown.body);
  return { ok: true, window: windowInUse(show, loaded), show };
}

type JsonAnswer = { ok: true; body: unknown } | { ok: false; problem: string };

/** A GET (body null) or a POST of `body`; a non-2xx answer is a problem naming the status and Ollama's error. */
async function getJson(url: string, signal: AbortSignal, body: unknown): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: body === null ? 'GET' : 'POST',
    ...(body === null ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal,
  });
  const text = await response.text();
  if (!response.ok) {
    // Ollama answers {"error":"model 'x' not found"} with 404 for a model it does not have.
    const error = safeJson(text) as { error?: unknown } | null;
    return { ok: false, problem: `HTTP ${response.status}${typeof error?.error === 'string' ? `: ${error.error}` : ''}` };
  }
  return { ok: true, body: safeJson(text) };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

function positive(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
