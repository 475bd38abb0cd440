// Ollama silently cuts a prompt longer than the model's context window (num_ctx) instead of
// refusing it, so a review sized for a bigger window would lose most of the diff without a word.
// The window in use is asked from the server's model-information endpoint (POST /api/show).

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

/** The window the server will use: num_ctx if the model sets it, else Ollama's default, never above the model's maximum. */
export function windowInUse(show: OllamaShow): OllamaWindow {
  if (show.numCtx !== null) return { tokens: show.numCtx, source: `num_ctx ${show.numCtx} in the model's parameters` };
  const tokens = show.contextLength === null ? OLLAMA_DEFAULT_NUM_CTX : Math.min(show.contextLength, OLLAMA_DEFAULT_NUM_CTX);
  const max = show.contextLength === null ? '' : ` (the model supports ${show.contextLength})`;
  return { tokens, source: `Ollama's default num_ctx ${OLLAMA_DEFAULT_NUM_CTX}${max}` };
}

/** The server root for an OpenAI-style base URL: http://host:11434/v1 → http://host:11434. */
export function ollamaRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export type AskResult = { ok: true; window: OllamaWindow; show: OllamaShow } | { ok: false; problem: string };

export async function askOllamaWindow(baseURL: string, model: string, timeoutMs: number): Promise<AskResult> {
  const url = `${ollamaRoot(baseURL)}/api/show`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      // Ollama answers {"error":"model 'x' not found"} with 404 for a model it does not have.
      const error = safeJson(text) as { error?: unknown } | null;
      return { ok: false, problem: `HTTP ${response.status}${typeof error?.error === 'string' ? `: ${error.error}` : ''}` };
    }
    const show = parseOllamaShow(safeJson(text));
    return { ok: true, window: windowInUse(show), show };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, problem: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
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
