// review/: the model review as two pipeline stages. planModelReview (the plan stage) splits the diff
// into requests within the token budgets (plan-requests.ts) and looks in the cache; runModelReview (the
// ask stage) sends them a few at a time within one deadline (send-requests.ts, run-requests.ts),
// validates and locates each answer, and merges them into one review. Any failure here is a
// value (status 'failed' with a cause), never a thrown error: policy decides what the push gets.
//
// When a push needs several requests and some fail, the review is 'failed' (so onError decides,
// exactly as for a review that failed whole), the findings of the requests that did answer are
// still reported, and the files of the failed requests are listed as not reviewed. A partial
// review is never reported as a complete one.
import type { ModelStatus } from '../domain/lists.js';
import { commitRoles, isCachedReview, restoreAnswers, reviewKey, type CachedReview } from '../cache/cached-review.js';
import { openReviewCache, type ReviewCache } from '../state/review-cache.js';
import type { OnWriteFailure } from '../state/write-failure.js';
import type { ReviewConfig } from '../config/types.js';
import { estimateCostUSD, overBudget, upperBoundCostUSD, type PlannedSpend } from '../cost/estimate-cost.js';
import type { Git } from '../git/exec-git.js';
import type { AckEntry } from '../ack/ack-file.js';
import { describeAcknowledged } from '../ack/prompt-acks.js';
import { requestBudget } from '../providers/request-budget.js';
import { type Endpoint, missingKey, resolveEndpoint } from '../providers/resolve-endpoint.js';
import { defaultMaxOutputTokens, isReasoningModel } from '../llm/request-shape.js';
import { buildMessages, loadTemplate, type ChatMessage } from '../prompt/build-prompt.js';
import { renderDiffstat } from '../prompt/render-diff.js';
import { loadTokenCounter } from '../prompt/tokens.js';
import { type Changeset, type Finding, PART_FAILED_REASON, type RequirementResult, type SkippedFile } from '../domain/types.js';
import type { Env } from '../domain/env.js';
import { endpointKey } from '../state/endpoint-memory.js';
import { locateFindings } from '../findings/locate-findings.js';
import { mergeFindings, mergeRequirements, mergeStrengths, mergeSummaries } from '../findings/merge-findings.js';
import { BUDGET_REASON, planRequests, type PlannedRequest, type RequestDraft, type PlanCoverage } from './plan-requests.js';
import { realTimers, type Timers } from '../timers.js';
import { NO_USAGE, type TokenUsage } from '../domain/usage.js';
import { sendPlan, type Answered, type Failure, type Sent } from './send-requests.js';

/** Task text for the prompt's first sections, from the task-context stage; null parts fall back to the commits. */
export interface TaskText {
  taskContext: string | null;
  implemented: string | null;
  requirements: string | null;
  /** The previous review round's findings, for a second review to check. */
  previousRound: string | null;
  /** Live acknowledgements; each request is told of those about its files. */
  acknowledged?: ReadonlyArray<Pick<AckEntry, 'file' | 'category' | 'severity' | 'title' | 'reason'>>;
}

/** What a dry run would send. `tokens` is the figure a cost estimate multiplies. */
export interface DryRunPlan {
  model: string;
  /** Where requests would go, without credentials. */
  endpoint: string;
  requests: Array<{ files: string[]; tokens: number; messages: ChatMessage[] }>;
  /** Prompt tokens of all requests together. */
  tokens: number;
  /** The most output tokens each request may use. */
  maxOutputTokens: number;
  maxPromptTokens: number;
  maxPushTokens: number;
  /** Files that would go to the model, and those left out (budget, too large, filtered). */
  reviewed: string[];
  skipped: SkippedFile[];
  /** Why nothing would be sent, or what would stop the real run (no key, over maxCostPerPush); null when all is well. */
  reason: string | null;
  /** The most the requests could cost (every answer at its allowance); null without a price for the model. */
  estimatedCostUSD: number | null;
  maxCostPerPush: number | null;
  /** A review of exactly these changes is in the cache: the real run would send nothing. */
  cached: boolean;
  /**
   * The verification requests that may follow (verify: "blocking"): at most one per reviewed file
   * plus one for findings without a file, sent only for findings that would block; each carries at
   * most maxPromptTokens and answers in at most `maxOutputTokens` tokens. 0 requests with verify "off".
   */
  verification: { maxRequests: number; maxOutputTokens: number; estimatedCostUSD: number | null };
}

export interface ModelPhaseResult {
  status: ModelStatus;
  findings: Finding[];
  strengths: string[];
  requirements: RequirementResult[];
  summary: string | null;
  usage: TokenUsage;
  /** Why the model review did not run or did not complete, in words for the user. */
  reason: string | null;
  /** Changeset files the model did not review: over the push budget, too large, or their request failed. */
  skipped: SkippedFile[];
  /** Things the user should be told even when all went well (how much of the push was reviewed). */
  notes: string[];
  /** The review was reused from the cache: no request was made. */
  cached?: boolean;
  /** What the requests made cost by the configured prices (0 for a cache hit); null without a price or requests. */
  estimatedCostUSD?: number | null;
  /** When the phase's one deadline ends (in the timers' milliseconds), once requests were due; verification shares it. */
  deadline?: number;
  /** The prompt budget each request had (the verification's requests get the same). */
  maxPromptTokens?: number;
}

export interface ModelPhaseInput {
  git: Git;
  changeset: Changeset;
  config: ReviewConfig;
  env: Env;
  offline: boolean;
  onProgress?: (text: string) => void;
  /** The common git dir, where what each endpoint accepts is remembered; absent or null remembers nothing. */
  commonDir?: string | null;
  /** Neither read nor write the review cache (--no-cache). The cache also needs commonDir and cache.enabled. */
  noCache?: boolean;
  task?: Partial<TaskText>;
  now?: () => Date;
  /** The deadline's clock and timers; the real ones by default. */
  timers?: Timers;
  /** Told when the review cannot be saved in the cache (a read-only git dir, a full disk). */
  onWriteFailure?: OnWriteFailure;
}

/** What a failed cache write did not save, and what it costs. */
const CACHE_WHAT = 'the review in the cache (the same changes reviewed again will be sent again)';

/** The answer allowance of one verification request: a verdict and a short reason per finding. */
export function verifyOutputTokens(model: string): number {
  // Reasoning models think before they answer, so they keep the review's allowance.
  return isReasoningModel(model) ? defaultMaxOutputTokens(model) : 2048;
}

function result(status: ModelStatus, reason: string | null, extra: Partial<ModelPhaseResult> = {}): ModelPhaseResult {
  return {
    status,
    findings: [],
    strengths: [],
    requirements: [],
    summary: null,
    usage: { ...NO_USAGE },
    reason,
    skipped: [],
    notes: [],
    ...extra,
  };
}

/**
 * The plan stage: what would be sent, request by request, within the token budgets, and whether
 * the cache already holds its review. Nothing is sent. A dry run prints `dryRun`; the review stage
 * (runModelReview) sends the rest.
 */
export interface ModelPlan {
  /** What would be sent, for --dry-run and --print-prompt. */
  dryRun: DryRunPlan;
  /** The review's outcome when the plan settles it without a request (offline, nothing to send); else null. */
  settled: ModelPhaseResult | null;
  /** Why no request can be sent (no key, no endpoint); null when one can. */
  noKey: string | null;
  endpoint: Endpoint;
  requests: PlannedRequest[];
  /** The changeset's files that fit in the requests, and those the budgets left out. */
  sent: Changeset['files'];
  skipped: SkippedFile[];
  notes: string[];
  /** Why the requests could not be planned; null when they were. */
  problem: string | null;
  /** Why the requests must not be sent under maxCostPerPush; null when they may. */
  overBudget: string | null;
  cache: ReviewCache<CachedReview> | null;
  key: string;
  roles: Record<string, string>;
  hit: CachedReview | null;
  maxOutputTokens: number;
  maxPromptTokens: number;
}

/**
 * `purpose`: 'show' plans every request even when none could be sent (a dry run says what would be
 * sent and why it would not be); 'send' stops as soon as it is clear nothing can be sent, so a push
 * without a key never pays for counting its tokens.
 */
export async function planModelReview(input: ModelPhaseInput, purpose: 'send' | 'show' = 'show'): Promise<ModelPlan> {
  const { changeset, config, env } = input;
  const endpoint = resolveEndpoint(config, env);
  const unplanned = (reason: string, settled: ModelPhaseResult): ModelPlan => ({
    dryRun: {
      model: config.model,
      endpoint: describeEndpoint(endpoint.baseURL),
      requests: [],
      tokens: 0,
      maxOutputTokens: 0,
      maxPromptTokens: config.maxPromptTokens ?? 0,
      maxPushTokens: config.maxPushTokens,
      reviewed: [],
      skipped: [...changeset.skipped],
      reason,
      estimatedCostUSD: null,
      maxCostPerPush: config.maxCostPerPush,
      cached: false,
      verification: { maxRequests: 0, maxOutputTokens: 0, estimatedCostUSD: null },
    },
    settled,
    noKey: null,
    endpoint,
    requests: [],
    sent: [],
    skipped: [],
    notes: [],
    problem: null,
    overBudget: null,
    cache: null,
    key: '',
    roles: {},
    hit: null,
    maxOutputTokens: 0,
    maxPromptTokens: 0,
  });
  if (input.offline) {
    const reason = 'the model review did not run (--offline); only the deterministic checks decided';
    return unplanned(reason, result('skipped', reason));
  }
  if (changeset.files.length === 0) {
    const reason = 'nothing left to send to the model after filtering';
    return unplanned(reason, result('not-needed', reason));
  }
  const where =
    config.provider === 'openai' ? ' (or point baseURL/OPENAI_BASE_URL at a local server)' : ` (provider ${config.provider} needs one)`;
  const noKey =
    endpoint.problem !== null
      ? `the model review did not run: ${endpoint.problem}`
      : missingKey(endpoint, config.apiKeyEnv) !== null
        ? `no API key: the model review did not run. Set ${config.apiKeyEnv}${where} to enable it`
        : null;
  if (noKey !== null && purpose === 'send') return { ...unplanned(noKey, result('failed', noKey)), noKey };

  // The tokenizer is the one heavy import here, and only a push that reaches the model loads it.
  const [template, count] = await Promise.all([loadTemplate(), loadTokenCounter()]);
  const budgetFor = await requestBudget(config, endpoint);
  const { maxOutputTokens, maxPromptTokens } = budgetFor;
  if (budgetFor.note !== null) input.onProgress?.(budgetFor.note);

  const build = requestBuilder(changeset, template, input.task ?? {}, config.instructions);
  const plan = planRequests({ files: changeset.files, maxPromptTokens, maxPushTokens: config.maxPushTokens, count, build });

  const notes = coverageNotes(changeset.files.length, plan.sent.length, plan.skipped, config.maxPushTokens);
  const spend: PlannedSpend = {
    model: config.model,
    pricing: config.pricing,
    promptTokens: plan.tokens,
    requests: plan.requests.length,
    maxOutputTokens,
  };
  const budget = plan.requests.length > 0 ? overBudget(spend, config.maxCostPerPush) : null;

  // The same inputs give the same review: see cache/cached-review.ts for what the key holds.
  const cache =
    input.commonDir && config.cache.enabled && !input.noCache
      ? openReviewCache<CachedReview>(input.commonDir, config.cache, input.now ?? (() => new Date()), isCachedReview)
      : null;
  const roles = commitRoles(changeset);
  const key =
    cache === null
      ? ''
      : reviewKey({
          model: config.model,
          endpoint: describeEndpoint(endpoint.baseURL),
          structuredOutput: config.structuredOutput,
          maxOutputTokens,
          maxPromptTokens,
          maxPushTokens: config.maxPushTokens,
          requests: plan.requests.map((r) => r.messages),
          oids: roles,
        });
  const hit = cache && plan.problem === null && plan.requests.length > 0 ? await lookup(cache, key, plan.requests.length) : null;

  return {
    dryRun: {
      model: config.model,
      endpoint: describeEndpoint(endpoint.baseURL),
      requests: plan.requests.map((r) => ({ files: filesOf(r), tokens: r.tokens, messages: r.messages })),
      tokens: plan.tokens,
      maxOutputTokens,
      maxPromptTokens,
      maxPushTokens: config.maxPushTokens,
      reviewed: plan.sent.map((f) => f.path),
      skipped: [...changeset.skipped, ...plan.skipped],
      reason: plan.problem ?? (plan.requests.length === 0 ? noFileFits(config.maxPushTokens) : (noKey ?? (hit ? null : budget))),
      estimatedCostUSD: plan.requests.length > 0 ? upperBoundCostUSD(spend) : null,
      maxCostPerPush: config.maxCostPerPush,
      cached: hit !== null,
      verification: verificationBound(
        config,
        plan.sent.map((f) => f.path),
        maxPromptTokens,
      ),
    },
    settled: null,
    noKey,
    endpoint,
    requests: plan.requests,
    sent: plan.sent,
    skipped: plan.skipped,
    notes,
    problem: plan.problem,
    overBudget: budget,
    cache,
    key,
    roles,
    hit,
    maxOutputTokens,
    maxPromptTokens,
  };
}

/** The review stage's model part: sends the planned requests (or reuses the cached review) and assembles the answers. */
export async function runModelReview(plan: ModelPlan, input: ModelPhaseInput): Promise<ModelPhaseResult> {
  const { config } = input;
  if (plan.settled !== null) return plan.settled;
  if (plan.noKey !== null) return result('failed', plan.noKey);
  if (plan.problem !== null) return result('failed', `the model review could not run: ${plan.problem}`);
  if (plan.requests.length === 0) return result('failed', noFileFits(config.maxPushTokens), { skipped: plan.skipped, notes: plan.notes });
  const { requests, sent: planned, skipped, notes, cache, key, roles, hit, maxOutputTokens, maxPromptTokens } = plan;
  // The phase's one deadline, shared by the review's requests and the verification's after them.
  const deadline = (input.timers ?? realTimers).now() + config.timeoutSeconds * 1000;

  if (hit) {
    input.onProgress?.(`reusing the review of these changes from ${hit.reviewedAt} (cache): no request sent`);
    const answered = restoreAnswers(hit, roles).map((review, index) => ({ index, review }));
    const reused = await assemble(input, requests, planned, skipped, notes, answered, [], { ...NO_USAGE });
    return { ...reused, cached: true, estimatedCostUSD: estimateCostUSD(config.model, config.pricing, 0, 0), deadline, maxPromptTokens };
  }
  // Checked after the cache: a review that is already paid for costs nothing to show again.
  if (plan.overBudget !== null) return result('failed', plan.overBudget, { skipped, notes });

  const sent = await sendPlan(input, plan.endpoint, requests, deadline, maxOutputTokens);
  const reviewed = await assemble(input, requests, planned, skipped, notes, sent.answered, sent.failures, sent.usage);
  // Only a complete review is kept: a failed or partial one must be asked again.
  if (cache && reviewed.status === 'done' && sent.answered.length === requests.length) {
    const entry: CachedReview = {
      answers: sent.answered.map((a) => a.review),
      usage: sent.usage,
      oids: roles,
      reviewedAt: (input.now ?? (() => new Date()))().toISOString(),
    };
    // A cache that cannot be written (read-only git dir, full disk) costs the next run a request, nothing more.
    await cache.put(key, entry).catch((error: unknown) => input.onWriteFailure?.(CACHE_WHAT, cache.dir, error));
  }
  return {
    ...reviewed,
    cached: false,
    estimatedCostUSD:
      sent.usage.requests > 0 ? estimateCostUSD(config.model, config.pricing, sent.usage.promptTokens, sent.usage.completionTokens) : null,
    deadline,
    maxPromptTokens,
  };
}

/** Plan, then review: the two stages back to back, for callers that never stop between them. */
export async function runModelPhase(input: ModelPhaseInput): Promise<ModelPhaseResult> {
  return runModelReview(await planModelReview(input, 'send'), input);
}

/** A stored review for this plan, or null: a miss, or an entry that does not fit the plan (one answer per request). */
async function lookup(cache: ReviewCache<CachedReview>, key: string, requests: number): Promise<CachedReview | null> {
  try {
    const entry = await cache.get(key);
    return entry !== null && entry.answers.length === requests ? entry : null;
  } catch {
    return null;
  }
}

/**
 * The review from the requests' answers: located against the repository, merged, and (when parts
 * failed) marked failed with the files that were not reviewed. Fresh answers and cached ones go
 * through here alike, so a cache hit gives what the original answers gave.
 */
async function assemble(
  input: ModelPhaseInput,
  requests: PlannedRequest[],
  sent: Changeset['files'],
  budgetSkipped: SkippedFile[],
  notes: string[],
  answered: Answered[],
  failures: Failure[],
  usage: Sent['usage'],
): Promise<ModelPhaseResult> {
  const total = requests.length;
  const readAtHead = async (path: string): Promise<string | null> => {
    for (const range of input.changeset.ranges) {
      const read = await input.git.tryRun(['cat-file', 'blob', `${range.head}:${path}`]);
      if (read.exitCode === 0) return read.stdout;
    }
    return null;
  };
  // Each answer is placed only among the files its own request contained: a model cannot put a
  // finding into a file it was never shown (another request's, or one it made up).
  const located = (
    await Promise.all(
      answered.map((a) => {
        const shown = new Set((requests[a.index]?.files ?? []).map((file) => file.path));
        return locateFindings(
          a.review.findings,
          sent.filter((file) => shown.has(file.path)),
          readAtHead,
        );
      }),
    )
  ).flat();
  const findings = mergeFindings(located);
  const merged = {
    findings,
    strengths: mergeStrengths(answered.map((a) => a.review.strengths)),
    requirements: mergeRequirements(answered.map((a) => a.review.requirements)),
    summary: mergeSummaries(answered.map((a) => ({ part: a.index + 1, count: total, text: a.review.summary }))),
    usage,
  };

  if (failures.length === 0) {
    return { ...merged, status: 'done', reason: null, skipped: budgetSkipped, notes };
  }
  // The cause worth naming is a request that failed, not one left unsent because of it.
  const cause = (failures.find((f) => f.sent) ?? failures[0]!).message;
  if (answered.length === 0) {
    const reason =
      total === 1
        ? `the model review could not complete: ${cause}`
        : `the model review could not complete: none of the ${total} requests was answered (${cause})`;
    return { ...merged, status: 'failed', reason, skipped: budgetSkipped, notes };
  }
  // Some parts answered: their findings stand, and the files of the parts that did not are named.
  const failedFiles = new Set(failures.flatMap((f) => requests[f.index]!.files.map((file) => file.path)));
  const unreviewed = sent.filter((f) => failedFiles.has(f.path)).map((f) => ({ file: f.path, reason: PART_FAILED_REASON }));
  const reason =
    `the model review could not complete: ${failures.length} of ${total} requests failed (${cause}); ` +
    `the findings shown come from the other ${answered.length}, and ${unreviewed.length} ${unreviewed.length === 1 ? 'file was' : 'files were'} not reviewed by the model`;
  return { ...merged, status: 'failed', reason, skipped: [...budgetSkipped, ...unreviewed], notes };
}

/** Builds one request's messages: the task context goes with every request, the diff holds the request's files. */
export function requestBuilder(
  changeset: Changeset,
  template: string,
  task: Partial<TaskText>,
  instructions: string,
): (draft: RequestDraft, coverage: PlanCoverage) => ChatMessage[] {
  return (draft, coverage) => {
    const diffstat =
      draft.diffstat === 'push'
        ? renderDiffstat(coverage.sent, [...changeset.skipped, ...coverage.skipped])
        : requestDiffstat(draft, [...changeset.skipped, ...coverage.skipped]);
    return buildMessages(
      {
        changeset: { ...changeset, files: draft.files },
        taskContext: task.taskContext ?? null,
        implemented: task.implemented ?? null,
        requirements: task.requirements ?? null,
        previousRound: task.previousRound ?? null,
        acknowledged: describeAcknowledged(
          task.acknowledged ?? [],
          draft.files.map((f) => f.path),
        ),
        instructions,
        part: draft.part,
        diffstat,
      },
      template,
    );
  };
}

/**
 * A part's diffstat: its own files (the prompt says other parts hold the rest). The files not sent
 * are listed once, in the first part; the others only count them, since repeating the list costs
 * every part tokens.
 */
function requestDiffstat(draft: RequestDraft, notSent: readonly SkippedFile[]): string {
  const paths = new Set<string>();
  const files = draft.files.filter((f) => !paths.has(f.path) && paths.add(f.path));
  const lines = [renderDiffstat(files, draft.part === null || draft.part.index === 1 ? notSent : [])];
  if (notSent.length > 0 && draft.part !== null && draft.part.index !== 1) {
    lines.push(`${notSent.length} ${notSent.length === 1 ? 'file is' : 'files are'} not sent to review (listed in part 1).`);
  }
  return lines.join('\n');
}

/** The most the verification of a planned review could ask (see DryRunPlan.verification). */
function verificationBound(config: ReviewConfig, reviewed: readonly string[], maxPromptTokens: number): DryRunPlan['verification'] {
  if (config.verify === 'off' || reviewed.length === 0) return { maxRequests: 0, maxOutputTokens: 0, estimatedCostUSD: null };
  const maxRequests = new Set(reviewed).size + 1;
  const maxOutputTokens = verifyOutputTokens(config.model);
  return {
    maxRequests,
    maxOutputTokens,
    estimatedCostUSD: estimateCostUSD(config.model, config.pricing, maxRequests * maxPromptTokens, maxRequests * maxOutputTokens),
  };
}

function filesOf(request: RequestDraft): string[] {
  return request.files.map((f) => (f.pieceNote ? `${f.path} (${f.pieceNote})` : f.path));
}

function describeEndpoint(baseURL: string | null): string {
  return endpointKey(baseURL, '').trim();
}

function noFileFits(maxPushTokens: number): string {
  return `the model review could not run: no file fits within maxPushTokens (${maxPushTokens}); raise maxPushTokens`;
}

/** "reviewed 41 of 61 files": said whenever the budgets left files out. */
function coverageNotes(total: number, sent: number, skipped: readonly SkippedFile[], maxPushTokens: number): string[] {
  if (skipped.length === 0) return [];
  const budget = skipped.filter((s) => s.reason === BUDGET_REASON).length;
  const large = skipped.length - budget;
  const why: string[] = [];
  if (budget > 0) why.push(`${budget} did not fit maxPushTokens (${maxPushTokens})`);
  if (large > 0) why.push(`${large} ${large === 1 ? 'is' : 'are'} too large for one request`);
  return [`the model reviewed ${sent} of ${total} files: ${why.join(', ')}; they are listed as not reviewed`];
}
