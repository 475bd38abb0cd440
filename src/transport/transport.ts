// The model transport interface: how one request reaches a model and its answer comes back. Each
// transport lives in its own folder beside this file (today chat-completions/, the OpenAI SDK's
// chat.completions) and is listed once in registry.ts. What to ask and how to read the answer
// (AnswerSpec, src/llm/) and where requests go (Endpoint, src/providers/) are the same for every transport.
import type { StructuredOutputMode } from '../config/types.js';
import type { TokenUsage } from '../domain/usage.js';
import type { ModelError } from '../errors.js';
import type { AnswerSpec } from '../llm/answer-spec.js';
import type { OutputMode, RequestShape } from '../llm/request-shape.js';
import type { ReviewAnswer } from '../llm/review-schema.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import type { Endpoint } from '../providers/resolve-endpoint.js';
import type { Timers } from '../timers.js';

export interface ModelTransport {
  name: string;
  /**
   * Sends one request and returns its parsed answer, adapting the request to what the endpoint
   * accepts and asking once more when the answer cannot be used. Throws a ModelErrorWithUsage.
   */
  ask<T>(request: ModelRequest, spec: AnswerSpec<T>): Promise<AskOutcome<T>>;
}

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

/** What any request gave: its parsed answer and what it cost. */
export interface AskOutcome<T> extends Omit<ModelOutcome, 'review'> {
  value: T;
}

/** `usage.requests` counts the requests that were answered (failed attempts cost no tokens and are not counted). */
export interface ModelOutcome {
  review: ReviewAnswer;
  usage: TokenUsage;
  /** The structured-output mode the endpoint ended up accepting. */
  mode: OutputMode;
  /** Whether the answer was JSON or the Markdown layout. */
  format: 'json' | 'markdown';
  /** Whether the first answer was unusable and the repair request's answer was used. */
  repaired: boolean;
}

/** A ModelError that also says what the failed phase used, for the report. */
/** `answered`: how many requests the endpoint answered at all; 0 means every other request would fail alike. */
export type ModelErrorWithUsage = ModelError & { usage: TokenUsage; answered: number };
