// The Chat Completions transport: sends one request through the official SDK's chat.completions and
// returns its parsed answer. This module only moves bytes and adapts the request to what the
// endpoint accepts; judging the answer is the AnswerSpec's parser's job (src/llm/).
// The official SDK is loaded on first use and does the retrying (429 honours retry-after).
import type OpenAI from 'openai';
import { ModelError } from '../../errors.js';
import { createClient } from '../../providers/create-client.js';
import type { ChatMessage } from '../../prompt/build-prompt.js';
import { Deadline, deadlineFetch, newAttemptLog, type AttemptLog } from '../../llm/deadline.js';
import {
  describeFailure,
  htmlInsteadOfJson,
  looksLikeHtml,
  neverConnected,
  redactUrl,
  rejectedFrom,
  scrubSecret,
} from '../../llm/describe-error.js';
import type { AnswerParse, AnswerSpec } from '../../llm/answer-spec.js';
import { reviewSpec } from '../../llm/review-spec.js';
import { adaptShape, defaultMaxOutputTokens, initialShape, requestBody, type RequestShape } from '../../llm/request-shape.js';
import type { AskOutcome, ModelErrorWithUsage, ModelOutcome, ModelRequest, ModelTransport } from '../transport.js';
import type { TokenUsage } from '../../domain/usage.js';
import { formatCount } from '../../domain/format-count.js';

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
  const usage: TokenUsage = { requests: 0, promptTokens: 0, completionTokens: 0 };
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
 * A connection that was never made (refused, unknown host) sent nothing, so it is not counted: a
 * report must not say requests were made to a server that was not there.
 */
function countRequests(fetch: typeof globalThis.fetch, usage: TokenUsage): typeof globalThis.fetch {
  return async (input, init) => {
    try {
      const response = await fetch(input, init);
      usage.requests++;
      return response;
    } catch (error) {
      if (!neverConnected(error)) usage.requests++;
      throw error;
    }
  };
}

function parseAnswer<T>(answer: Answer, spec: AnswerSpec<T>): AnswerParse<T> {
  if (answer.oversize != null) {
    return {
      ok: false,
      problem: `the answer was ${formatCount(answer.oversize)} characters, over the ${formatCount(MAX_ANSWER_CHARS)}-character cap, so it was cut and not used`,
    };
  }
  return spec.parse(answer.content, answer.finishReason, answer.refusal);
}

function readAnswer(completion: unknown, usage: TokenUsage): Answer {
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

/** The transport as the registry lists it. */
export const chatCompletions: ModelTransport = { name: 'chat-completions', ask: askModel };
