// Sends the review request and returns a validated review. This module only moves bytes and
// adapts the request to what the endpoint accepts; judging the answer is parse-review.ts's job.
// The official SDK is loaded on first use and does the retrying (429 honours retry-after).
import type { TokenUsage } from '../domain/usage.js';
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { StructuredOutputMode } from '../config/types.js';
import { ModelError } from '../errors.js';
import { createClient } from '../providers/create-client.js';
import type { Endpoint } from '../providers/resolve-endpoint.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import type { Timers } from '../timers.js';
import { Deadline, deadlineFetch, newAttemptLog, type AttemptLog } from './deadline.js';
import { describeFailure, htmlInsteadOfJson, looksLikeHtml, redactUrl, scrubSecret } from './describe-error.js';
import type { AnswerParse, AnswerSpec } from './answer-spec.js';
import { parseReview } from './parse-review.js';
import { adaptShape, defaultMaxOutputTokens, initialShape, requestBody, type OutputMode, type RequestShape } from './request-shape.js';
import { jsonSchemaResponseFormat, type ReviewAnswer } from './review-schema.js';

export type { OutputMode } from './request-shape.js';

export interface ModelRequest {
  messages: ChatMessage[];
  model: string;
  /** null lets the SDK use OPENAI_BASE_URL, else api.openai.com. */
  baseURL: string | null;
  apiKey: string | null;
  /** The variable the key comes from, named in the error when it is missing. */
  apiKeyEnv?: string;
  /** Whether a request without a key cannot work; by default, only when no baseURL is given (OpenAI itself). */
  needsKey?: boolean;
  /** The provider's client and headers (Azure's deployment and api-version; OpenRouter's headers); default plain OpenAI. */
  provider?: Pick<Endpoint, 'provider' | 'azure' | 'headers'>;
  /** Whether the server accepts json_object output (LM Studio does not); default true. */
  jsonObject?: boolean;
  /** Bounds the whole model phase: every attempt, retry wait and repair request. */
  timeoutSeconds: number;
  maxRetries: number;
  structuredOutput: StructuredOutputMode;
  /** Output token cap; defaults by model family (see request-shape.ts). */
  maxOutputTokens?: number;
  /** The shape to start from, e.g. what this endpoint accepted before; defaults to the full request. */
  shape?: RequestShape;
  /** Told each time a 400 teaches what the endpoint does not accept, so other requests can start there. */
  onShape?: (shape: RequestShape) => void;
  signal?: AbortSignal;
  /** The deadline's clock and timer; the real ones by default. */
  timers?: Timers;
  onProgress?: (text: string) => void;
}

/** `requests` counts the chat completions that were answered (failed attempts cost no tokens and are not counted). */
export type ModelUsage = TokenUsage;

/** A review request's answer: the review schema, or the Markdown layout when JSON is not to be had. */
export const reviewSpec: AnswerSpec<ReviewAnswer> = {
  responseFormat: jsonSchemaResponseFormat,
  parse(content, finishReason, refusal) {
    const parsed = parseReview(content, finishReason, refusal);
    return parsed.ok ? { ok: true, value: parsed.review, format: parsed.format } : parsed;
  },
};

/** What any request gave: its parsed answer and what it cost. */
export interface AskOutcome<T> extends Omit<ModelOutcome, 'review'> {
  value: T;
}

export interface ModelOutcome {
  review: ReviewAnswer;
  usage: ModelUsage;
  /** The structured-output mode the endpoint ended up accepting. */
  mode: OutputMode;
  /** Whether the answer was JSON or the Markdown layout. */
  format: 'json' | 'markdown';
  /** Whether the first answer was unusable and the repair request's answer was used. */
  repaired: boolean;
}

/** A ModelError that also says what the failed phase used, for the report. */
/** `answered`: how many requests the endpoint answered at all; 0 means every other request would fail alike. */
export type ModelErrorWithUsage = ModelError & { usage: ModelUsage; answered: number };

interface Answer {
  content: string | null;
  finishReason: string | null;
  refusal: string | null;
  /** The length of an answer over MAX_ANSWER_CHARS, which was cut there; null when it was within. */
  oversize?: number | null;
}

/**
 * The most of one answer that is kept: a review of the largest request fits in a fraction of it.
 * Anything longer is cut here, so no report, log or repair request ever holds it whole.
 */
export const MAX_ANSWER_CHARS = 256 * 1024;

export async function reviewWithModel(request: ModelRequest): Promise<ModelOutcome> {
  const { value, ...rest } = await askModel(request, reviewSpec);
  return { review: value, ...rest };
}

/**
 * Sends one request and returns its parsed answer, adapting the request to what the endpoint
 * accepts and asking once more when the answer cannot be used. `spec` says what answer is wanted
 * (a review, a verification) and how to read it; everything else is the same for every request.
 */
export async function askModel<T>(request: ModelRequest, spec: AnswerSpec<T>): Promise<AskOutcome<T>> {
  const usage: ModelUsage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  let answered = 0;
  const keyEnv = request.apiKeyEnv ?? 'OPENAI_API_KEY';
  const secret = request.apiKey;
  const fail = (message: string, options: { cause?: unknown; hint?: string } = {}): ModelErrorWithUsage => {
    const error = new ModelError(scrubSecret(message, secret), {
      ...options,
      ...(options.hint === undefined ? {} : { hint: scrubSecret(options.hint, secret) }),
    }) as ModelErrorWithUsage;
    error.usage = { ...usage };
    error.answered = answered;
    return error;
  };

  if (!request.apiKey && (request.needsKey ?? request.baseURL === null)) {
    throw fail(`no API key: set ${keyEnv} in the environment`, {
      hint: `export ${keyEnv}=… (or set baseURL / OPENAI_BASE_URL to a local server that needs no key)`,
    });
  }

  const progress = (text: string): void => request.onProgress?.(text);
  const deadline = new Deadline(request.timeoutSeconds, request.signal, request.timers);
  let log: AttemptLog = newAttemptLog();
  let where = request.baseURL === null ? 'the OpenAI API' : redactUrl(request.baseURL);
  let sdk: typeof import('openai') | null = null;
  try {
    sdk = await import('openai');
    const { APIError } = sdk;
    // The key is always passed explicitly. The SDK still reads some defaults from the process
    // environment by design (OPENAI_BASE_URL when baseURL is undefined, OPENAI_ORG_ID,
    // OPENAI_PROJECT_ID, OPENAI_LOG); that is the documented behaviour users expect of it.
    const provider = request.provider ?? { provider: 'openai', azure: null, headers: {} };
    const client = createClient(
      sdk,
      { ...provider, baseURL: request.baseURL, apiKey: request.apiKey },
      {
        maxRetries: request.maxRetries,
        timeout: deadline.attemptTimeoutMs(),
        fetch: countRequests(
          deadlineFetch(
            deadline,
            () => log,
            (status, waitMs, retryCount) => {
              if (retryCount < request.maxRetries) {
                progress(`the server answered ${status}; retrying in ${(waitMs / 1000).toFixed(1)}s`);
              }
            },
          ),
          usage,
        ),
      },
    );
    where = redactUrl(client.baseURL);
    const maxOutputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens(request.model);
    let shape: RequestShape = request.shape ?? initialShape(request.model, request.structuredOutput);

    const ask = async (messages: readonly ChatMessage[]): Promise<Answer> => {
      for (;;) {
        log = newAttemptLog();
        try {
          const body = requestBody(request.model, messages, shape, maxOutputTokens, spec.responseFormat());
          const completion = (await client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, {
            signal: deadline.signal,
            timeout: deadline.attemptTimeoutMs(),
          })) as unknown;
          answered++;
          return readAnswer(completion, usage);
        } catch (error) {
          if (error instanceof APIError && (error.status === 400 || error.status === 422)) {
            const next = adaptShape(shape, rejectedFrom(error), request.structuredOutput, request.jsonObject ?? true);
            if (next !== null) {
              progress(next.note);
              shape = next.shape;
              request.onShape?.(shape);
              continue;
            }
          }
          throw error;
        }
      }
    };

    progress(`asking ${request.model} at ${where}`);
    const first = await ask(request.messages);
    const parsed = parseAnswer(first, spec);
    if (parsed.ok) return { value: parsed.value, usage, mode: shape.mode, format: parsed.format, repaired: false };

    progress(`the answer was unusable (${parsed.problem}); asking once more`);
    const second = await ask(repairMessages(request.messages, first, parsed.problem));
    const repaired = parseAnswer(second, spec);
    if (repaired.ok) return { value: repaired.value, usage, mode: shape.mode, format: repaired.format, repaired: true };
    throw fail(`unusable answer: ${repaired.problem} (also after one repair request; the first answer: ${parsed.problem})`, {
      hint: 'a larger or more capable model follows the output format more reliably',
    });
  } catch (error) {
    if (error instanceof ModelError) {
      if ('usage' in error) throw error;
      throw fail(error.message, error.hint === undefined ? {} : { hint: error.hint });
    }
    if (sdk === null) throw fail(`could not load the openai package: ${String(error)}`, { cause: error });
    const failure = describeFailure(error, {
      where,
      deadline,
      log,
      maxRetries: request.maxRetries,
      keyEnv,
      secret,
      classes: sdk,
    });
    throw fail(failure.message, { cause: failure.cause, ...(failure.hint === undefined ? {} : { hint: failure.hint }) });
  } finally {
    deadline.dispose();
  }
}

/**
 * Counts every HTTP request the SDK sends: retries after a 429 or 5xx and the attempts a 400 taught
 * the request shape from are paid for (or at least made) like the answered one, so usage says so.
 */
function countRequests(fetch: typeof globalThis.fetch, usage: ModelUsage): typeof globalThis.fetch {
  return (input, init) => {
    usage.requests++;
    return fetch(input, init);
  };
}

function parseAnswer<T>(answer: Answer, spec: AnswerSpec<T>): AnswerParse<T> {
  if (answer.oversize != null) {
    return {
      ok: false,
      problem: `the answer was ${answer.oversize.toLocaleString('en-US')} characters, over the ${MAX_ANSWER_CHARS.toLocaleString('en-US')}-character cap, so it was cut and not used`,
    };
  }
  return spec.parse(answer.content, answer.finishReason, answer.refusal);
}

function readAnswer(completion: unknown, usage: ModelUsage): Answer {
  // The SDK hands back the body as text when it is not JSON: a web page from a proxy or portal.
  if (typeof completion === 'string') {
    throw new ModelError(
      looksLikeHtml(completion)
        ? htmlInsteadOfJson(completion)
        : `the server answered with text where JSON was expected (it starts: ${JSON.stringify(completion.slice(0, 60))})`,
      { hint: 'check that baseURL (or OPENAI_BASE_URL) points at the API itself, usually ending in /v1' },
    );
  }
  const body = (completion ?? {}) as {
    choices?: Array<{ message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }>;
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  usage.promptTokens += count(body.usage?.prompt_tokens);
  usage.completionTokens += count(body.usage?.completion_tokens);
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  const content = typeof choice?.message?.content === 'string' ? choice.message.content : null;
  const oversize = content !== null && content.length > MAX_ANSWER_CHARS ? content.length : null;
  return {
    content: oversize === null ? content : (content ?? '').slice(0, MAX_ANSWER_CHARS),
    oversize,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    refusal: typeof choice?.message?.refusal === 'string' ? choice.message.refusal : null,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function rejectedFrom(error: APIError): { message: string; param: string | null; code: string | null } {
  const detail = error.error === undefined ? '' : JSON.stringify(error.error);
  return { message: `${error.message} ${detail}`, param: error.param ?? null, code: error.code ?? null };
}

const PREVIOUS_ANSWER_LIMIT = 20_000;

/** The conversation so far plus a request to answer again in the required format. */
export function repairMessages(messages: readonly ChatMessage[], previous: Answer, problem: string): ChatMessage[] {
  const truncated = previous.finishReason === 'length' || previous.oversize != null;
  const out = [...messages];
  // A cut-off answer is long and useless to the model; a refusal has no content to show.
  if (!truncated && previous.content !== null && previous.content.trim() !== '') {
    out.push({ role: 'assistant', content: previous.content.slice(0, PREVIOUS_ANSWER_LIMIT) });
  }
  out.push({
    role: 'user',
    content:
      `Your previous answer could not be used: ${problem}. ` +
      'Answer again with only the JSON object in the required output format: no Markdown, no code fences, no text before or after it.' +
      (truncated ? ' Keep it short: fewer, more concise findings and a one-paragraph summary.' : ''),
  });
  return out;
}
