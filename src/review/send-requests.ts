// Sends a push's planned requests a few at a time within the phase's one deadline, each starting
// from the request shape the endpoint is known to accept, and sorts the outcomes into answers and
// failures with the usage they cost. The review's requests and the verification's go through here
// alike; only what the answer must be (an AnswerSpec) differs.
import { ModelError } from '../errors.js';
import type { AnswerSpec } from '../llm/answer-spec.js';
import type { AskOutcome } from '../transport/transport.js';
import { addUsage, NO_USAGE, type TokenUsage } from '../domain/usage.js';
import type { ReviewAnswer } from '../llm/review-schema.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import { initialShape, type RequestShape } from '../llm/request-shape.js';
import { endpointKey, recallShape, rememberShape } from '../state/endpoint-memory.js';
import { statePaths } from '../state/paths.js';
import type { OnWriteFailure } from '../state/write-failure.js';
import { PRESETS } from '../providers/presets.js';
import type { ReviewConfig } from '../config/types.js';
import type { Endpoint } from '../providers/resolve-endpoint.js';
import type { PlannedRequest } from './plan-requests.js';
import type { Timers } from '../timers.js';
import { runPool } from './run-requests.js';

export interface Answered {
  index: number;
  review: ReviewAnswer;
}

export interface Failure {
  index: number;
  message: string;
  sent: boolean;
}

export interface Sent {
  answered: Answered[];
  failures: Failure[];
  usage: TokenUsage;
}

/** The review's planned requests; `deadline` is the phase's (performance.now() milliseconds). */
export async function sendPlan(
  input: SendInput,
  endpoint: Endpoint,
  requests: PlannedRequest[],
  deadline: number,
  maxOutputTokens?: number,
): Promise<Sent> {
  const { reviewSpec } = await import('../llm/review-spec.js');
  const sent = await sendMessages(
    input,
    endpoint,
    requests.map((r) => r.messages),
    { spec: reviewSpec, deadline, label: 'review', ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }) },
  );
  return { ...sent, answered: sent.answered.map((a) => ({ index: a.index, review: a.value })) };
}

export interface SendOptions<T> {
  spec: AnswerSpec<T>;
  /** When the model phase's one deadline ends, in performance.now() milliseconds. */
  deadline: number;
  /** The answer allowance of each request; the model's default when absent. */
  maxOutputTokens?: number;
  /** Said in the progress lines. */
  label: 'review' | 'verification';
}

export interface SentValues<T> {
  answered: Array<{ index: number; value: T }>;
  failures: Failure[];
  usage: TokenUsage;
}

/** What sending needs of the phase's input. */
export interface SendInput {
  config: ReviewConfig;
  onProgress?: (text: string) => void;
  /** The common git dir, where what each endpoint accepts is remembered; absent or null remembers nothing. */
  commonDir?: string | null;
  now?: () => Date;
  /** The deadline's clock and timers; the real ones by default. */
  timers?: Timers;
  /** Told when what the endpoint accepts cannot be remembered (a read-only git dir, a full disk). */
  onWriteFailure?: OnWriteFailure;
}

export async function sendMessages<T>(
  input: SendInput,
  endpoint: Endpoint,
  requests: ReadonlyArray<ChatMessage[]>,
  options: SendOptions<T>,
): Promise<SentValues<T>> {
  const { config } = input;
  const progress = (text: string): void => input.onProgress?.(text);
  const { loadTransport } = await import('../transport/registry.js');
  const transport = await loadTransport();
  const verb = options.label === 'review' ? 'reviewing' : 'verifying';
  const done = options.label === 'review' ? 'reviewed' : 'verified';
  const now = input.now ?? (() => new Date());
  const key = endpointKey(endpoint.baseURL, config.model);
  const recalled = input.commonDir ? await recallShape(input.commonDir, key, now()) : null;
  const fullShape = { ...initialShape(config.model, config.structuredOutput), tokenParam: PRESETS[config.provider].tokenParam };
  // Remembered parameters apply always; the remembered output mode only when the config leaves it to us.
  let shared: RequestShape = recalled
    ? {
        ...fullShape,
        tokenParam: recalled.tokenParam,
        temperature: recalled.temperature,
        ...(config.structuredOutput === 'auto' ? { mode: recalled.mode } : {}),
      }
    : fullShape;
  // The shape that last produced an answer (a holder: it is set inside the requests' callbacks).
  const learned: { worked: RequestShape | null } = { worked: null };

  const total = requests.length;
  if (total > 1) progress(`${verb} in ${total} requests, ${input.config.concurrency} at a time`);
  const deadline = options.deadline;
  const outcomes = await runPool(
    requests,
    {
      concurrency: config.concurrency,
      deadline,
      ...(input.timers ? { clock: input.timers.now } : {}),
      // A request started with less time than this left could hardly be answered.
      minStartMs: Math.min(1000, config.timeoutSeconds * 250),
      // The endpoint never answered: every other request would meet the same refusal or 401.
      stopsTheRest: (error) => (error as { answered?: number }).answered === 0,
      onSettled: (settled) => {
        if (total > 1) progress(`${done} ${settled} of ${total} parts`);
      },
    },
    async (messages, index, remainingMs): Promise<AskOutcome<T>> => {
      let mine = shared;
      const outcome = await transport.ask(
        {
          messages,
          model: config.model,
          baseURL: endpoint.baseURL,
          apiKey: endpoint.apiKey,
          apiKeyEnv: config.apiKeyEnv,
          needsKey: endpoint.needsKey,
          provider: endpoint,
          jsonObject: PRESETS[config.provider].jsonObject,
          // The phase has one deadline: each request gets what is left of it (the whole of it, in
          // round seconds, for the requests that start at once).
          timeoutSeconds:
            remainingMs >= config.timeoutSeconds * 1000 - 250 ? config.timeoutSeconds : Math.max(0.1, Math.floor(remainingMs / 100) / 10),
          maxRetries: config.maxRetries,
          structuredOutput: config.structuredOutput,
          ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
          shape: mine,
          ...(input.timers ? { timers: input.timers } : {}),
          onShape: (shape) => {
            mine = shape;
            shared = shape;
          },
          onProgress: (text) => progress(total > 1 ? `part ${index + 1} of ${total}: ${text}` : text),
        },
        options.spec,
      );
      learned.worked = mine;
      return outcome;
    },
  );

  const worked = learned.worked;
  if (
    input.commonDir &&
    config.structuredOutput === 'auto' &&
    worked !== null &&
    !sameShape(worked, fullShape) &&
    !(recalled && sameShape(worked, recalled))
  ) {
    const where = input.commonDir;
    await rememberShape(where, key, worked, now()).catch((error: unknown) =>
      input.onWriteFailure?.('what this endpoint accepts (the next review will learn it again)', statePaths(where).endpoints, error),
    );
  }

  const usage = { ...NO_USAGE };
  const answered: Array<{ index: number; value: T }> = [];
  const failures: Failure[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'done') {
      answered.push({ index, value: outcome.value.value });
      addUsage(usage, outcome.value.usage);
      return;
    }
    if (outcome.status === 'not-started') {
      failures.push({ index, message: outcome.reason, sent: false });
      return;
    }
    const error = outcome.error;
    if (!(error instanceof ModelError)) throw error;
    addUsage(usage, (error as ModelError & { usage?: TokenUsage }).usage ?? NO_USAGE);
    failures.push({ index, message: error.message, sent: true });
  });
  return { answered, failures, usage };
}

function sameShape(a: RequestShape, b: RequestShape): boolean {
  return a.mode === b.mode && a.tokenParam === b.tokenParam && a.temperature === b.temperature;
}
