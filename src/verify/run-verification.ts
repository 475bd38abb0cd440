// Confirm before blocking: every model finding that would block is checked by a focused second
// request before the verdict, one request per file (the file-less findings in their own). Only
// the verdicts are new; policy (policy/decide.ts) still decides, and a rejected finding never blocks.
//
// A verification that cannot complete (timeout, HTTP error, an answer that cannot be used, over
// maxCostPerPush, too large for maxPromptTokens) leaves its findings blocking, marked 'unverified'
// with the cause, and the cause is listed with the report's problems. Failures are values here, as
// in the model phase; nothing in this stage throws for a model or endpoint problem.
//
// The verification requests share the model phase's one deadline (timeoutSeconds), count in usage
// and cost, and are cached: the same findings about the same code give the same messages, so a
// re-push or an override of a blocked change asks nothing again. Only a complete verification is kept.
import { commitRoles, normaliseMessages } from '../cache/cached-review.js';
import { cacheKey, openReviewCache } from '../state/review-cache.js';
import type { OnWriteFailure } from '../state/write-failure.js';
import { redactText } from '../checks/redact.js';
import type { SecretValue } from '../checks/types.js';
import type { ReviewConfig } from '../config/types.js';
import { estimateCostUSD, formatUSD } from '../cost/estimate-cost.js';
import type { Git } from '../git/exec-git.js';
import { createPathMatcher } from '../git/path-filter.js';
import { defaultMaxOutputTokens } from '../llm/request-shape.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import { contextWindow, loadTokenCounter } from '../prompt/tokens.js';
import type { Env } from '../domain/env.js';
import { endpointKey } from '../state/endpoint-memory.js';
import { verifyOutputTokens } from '../review/model-phase.js';
import { resolveEndpoint } from '../providers/resolve-endpoint.js';
import { derivePromptBudget } from '../providers/request-budget.js';
import { sendMessages } from '../review/send-requests.js';
import { NO_USAGE, type TokenUsage } from '../domain/usage.js';
import type { Changeset, Finding, Verification } from '../domain/types.js';
import { buildVerifyRequest, type VerifySource } from './build-request.js';
import { isCachedVerification, type CachedVerification } from './cached-verification.js';
import { verificationSpec } from './answer-spec.js';
import type { FindingVerdict } from './verdict-schema.js';

export interface VerifyInput {
  git: Git;
  /** The changeset as it was sent to the model (redacted). */
  changeset: Changeset;
  /** The review's findings with their ids. */
  findings: readonly Finding[];
  /** Which findings would block (policy's rule); only model findings among them are verified. */
  shouldVerify: (finding: Finding) => boolean;
  config: ReviewConfig;
  env: Env;
  commonDir: string | null;
  noCache: boolean;
  /** Every secret the checks found: the file text sent is redacted of them (and scanned again). */
  secrets: readonly SecretValue[];
  /** The task and its requirements, redacted, for task findings; null when there is none. */
  requirements: string | null;
  /** When the model phase's one deadline ends, in performance.now() milliseconds. */
  deadline: number;
  /** What the review's requests cost (null without a price): verification may spend what maxCostPerPush leaves. */
  spentUSD: number | null;
  /** The review's per-request prompt budget; derived from the model when absent. */
  maxPromptTokens?: number;
  onProgress?: (text: string) => void;
  now?: () => Date;
  /** Told when the verdicts cannot be saved in the cache (a read-only git dir, a full disk). */
  onWriteFailure?: OnWriteFailure;
}

export interface VerifyResult {
  /** The same findings in the same order; the verified ones carry their verification. */
  findings: Finding[];
  usage: TokenUsage;
  /** What the verification requests cost by the configured prices; null without a price or requests. */
  estimatedCostUSD: number | null;
  /** The verdicts came from the cache: no request was made. */
  cached: boolean;
  /** Why some findings could not be verified, for the report's problems; empty when all were. */
  problems: string[];
}

/** Bumped when the verification prompt or answer changes meaning, so older cache entries are misses. */
const VERIFY_FORMAT = 1;

/** The model findings a verification would ask about (policy's would-block rule applied by the caller). */
export function findingsToVerify(input: Pick<VerifyInput, 'findings' | 'shouldVerify' | 'config'>): Finding[] {
  if (input.config.verify === 'off') return [];
  return input.findings.filter((f) => f.source === 'llm' && input.shouldVerify(f));
}

interface Group {
  file: string | null;
  findings: Finding[];
}

export async function runVerification(input: VerifyInput): Promise<VerifyResult> {
  const unchanged: VerifyResult = {
    findings: [...input.findings],
    usage: { ...NO_USAGE },
    estimatedCostUSD: null,
    cached: false,
    problems: [],
  };
  const asked = findingsToVerify(input);
  if (asked.length === 0) return unchanged;

  const { config } = input;
  const groups = groupByFile(asked);
  const count = await loadTokenCounter();
  const maxOutputTokens = verifyOutputTokens(config.model);
  // The same per-request budget as the review's requests.
  const maxPromptTokens =
    input.maxPromptTokens ??
    config.maxPromptTokens ??
    derivePromptBudget(await contextWindow(config.model), defaultMaxOutputTokens(config.model));

  const verdicts = new Map<string, Verification>();
  const unverified = (findings: readonly Finding[], reason: string): void => {
    for (const f of findings) verdicts.set(f.id, { status: 'unverified', reason });
  };

  const built: Array<{ group: Group; messages: ChatMessage[]; tokens: number }> = [];
  for (const group of groups) {
    const source = await readSource(input, group.file);
    const request = buildVerifyRequest({
      file: group.file,
      findings: group.findings,
      source,
      requirements: input.requirements,
      maxPromptTokens,
      count,
    });
    if (request.ok) built.push({ group, messages: request.messages, tokens: request.tokens });
    else unverified(group.findings, request.problem);
  }

  const endpoint = resolveEndpoint(config, input.env);
  const roles = commitRoles(input.changeset);
  const cache =
    input.commonDir && config.cache.enabled && !input.noCache
      ? openReviewCache<CachedVerification>(input.commonDir, config.cache, input.now ?? (() => new Date()), isCachedVerification)
      : null;
  const key = cacheKey({
    verify: VERIFY_FORMAT,
    model: config.model,
    endpoint: endpointKey(endpoint.baseURL, '').trim(),
    structuredOutput: config.structuredOutput,
    maxOutputTokens,
    requests: built.map((b) => normaliseMessages(b.messages, roles)),
  });
  const hit = cache && built.length > 0 ? await cache.get(key).catch(() => null) : null;

  let usage = { ...NO_USAGE };
  let cached = false;
  let estimatedCostUSD: number | null = null;
  if (built.length === 0) {
    // Nothing could be asked; the causes are already recorded.
  } else if (hit && hit.verdicts.length === built.length) {
    input.onProgress?.(`reusing the verification of these findings from ${hit.verifiedAt} (cache): no request sent`);
    built.forEach((b, i) => {
      applyVerdicts(b.group, hit.verdicts[i]!, verdicts);
    });
    cached = true;
  } else {
    const tokens = built.reduce((sum, b) => sum + b.tokens, 0);
    const overBudget = budgetProblem(config, tokens, built.length, maxOutputTokens, input.spentUSD);
    if (overBudget !== null) {
      unverified(
        built.flatMap((b) => b.group.findings),
        overBudget,
      );
    } else {
      input.onProgress?.(
        `verifying ${asked.length} ${asked.length === 1 ? 'finding' : 'findings'} that would block, in ${built.length} ${built.length === 1 ? 'request' : 'requests'}`,
      );
      const sent = await sendMessages(
        input,
        endpoint,
        built.map((b) => b.messages),
        {
          spec: verificationSpec,
          deadline: input.deadline,
          maxOutputTokens,
          label: 'verification',
        },
      );
      usage = sent.usage;
      estimatedCostUSD =
        usage.requests > 0 ? estimateCostUSD(config.model, config.pricing, usage.promptTokens, usage.completionTokens) : null;
      const answers: FindingVerdict[][] = [];
      for (const answer of sent.answered) {
        applyVerdicts(built[answer.index]!.group, answer.value, verdicts);
        answers[answer.index] = answer.value;
      }
      for (const failure of sent.failures) {
        unverified(built[failure.index]!.group.findings, `the verification request failed: ${failure.message}`);
      }
      const complete =
        sent.failures.length === 0 && built.every((b) => b.group.findings.every((f) => verdicts.get(f.id)?.status !== 'unverified'));
      if (cache && complete) {
        const entry: CachedVerification = { verdicts: answers, usage, verifiedAt: (input.now ?? (() => new Date()))().toISOString() };
        // A cache that cannot be written costs the next run a request, nothing more.
        await cache
          .put(key, entry)
          .catch((error: unknown) =>
            input.onWriteFailure?.('the verification in the cache (the same findings will be verified again)', cache.dir, error),
          );
      }
    }
  }

  return {
    findings: input.findings.map((f) => (verdicts.has(f.id) ? { ...f, verification: verdicts.get(f.id)! } : f)),
    usage,
    estimatedCostUSD: cached ? estimateCostUSD(config.model, config.pricing, 0, 0) : estimatedCostUSD,
    cached,
    problems: describeProblems(asked, verdicts),
  };
}

function groupByFile(findings: readonly Finding[]): Group[] {
  const groups = new Map<string | null, Group>();
  for (const f of findings) {
    const group = groups.get(f.file) ?? { file: f.file, findings: [] };
    group.findings.push(f);
    groups.set(f.file, group);
  }
  // The file-less request last, files in the order their findings come.
  return [...groups.values()].sort((a, b) => Number(a.file === null) - Number(b.file === null));
}

/** The file at HEAD as it may be sent: never a neverSend file, only files of the reviewed change, always redacted. */
async function readSource(input: VerifyInput, file: string | null): Promise<VerifySource> {
  if (file === null) return { content: null, withheld: null, change: null };
  const change = input.changeset.files.find((f) => f.path === file) ?? null;
  if (createPathMatcher(input.config.neverSend).match(file) !== null) {
    return { content: null, withheld: 'the file is in neverSend', change: null };
  }
  if (change === null) return { content: null, withheld: 'the file is not in the reviewed change', change: null };
  if (change.binary || change.status === 'deleted')
    return { content: null, withheld: `the file is ${change.binary ? 'binary' : 'deleted'}`, change };
  for (const range of input.changeset.ranges) {
    const read = await input.git.tryRun(['cat-file', 'blob', `${range.head}:${file}`]);
    if (read.exitCode !== 0) continue;
    if (read.stdout.includes('\0')) return { content: null, withheld: 'the file is binary', change };
    return { content: await redactText(read.stdout, input.secrets, file), withheld: null, change };
  }
  return { content: null, withheld: 'the file could not be read at HEAD', change };
}

function applyVerdicts(group: Group, answer: readonly FindingVerdict[], into: Map<string, Verification>): void {
  const byId = new Map<string, FindingVerdict>();
  for (const verdict of answer) if (!byId.has(verdict.id)) byId.set(verdict.id, verdict);
  for (const f of group.findings) {
    const verdict = byId.get(f.id);
    if (verdict === undefined) {
      into.set(f.id, { status: 'unverified', reason: 'the verification answer gave no verdict for it' });
      continue;
    }
    const reason = verdict.reason.trim() || 'no reason given';
    into.set(f.id, { status: verdict.verdict === 'reject' ? 'rejected' : 'confirmed', reason });
  }
}

/** Why the verification requests must not be sent under maxCostPerPush, or null when they may. */
function budgetProblem(
  config: ReviewConfig,
  promptTokens: number,
  requests: number,
  maxOutputTokens: number,
  spentUSD: number | null,
): string | null {
  if (config.maxCostPerPush === null) return null;
  const most = estimateCostUSD(config.model, config.pricing, promptTokens, requests * maxOutputTokens);
  if (most === null) return `not verified: maxCostPerPush is set but pricing has no price for ${config.model}`;
  const total = (spentUSD ?? 0) + most;
  if (total <= config.maxCostPerPush) return null;
  return `not verified: the verification could cost up to ${formatUSD(most)} more, which with the review's ${formatUSD(spentUSD ?? 0)} is over maxCostPerPush (${formatUSD(config.maxCostPerPush)})`;
}

/** One line per cause: "verification could not complete for C1, C3: <cause>". */
function describeProblems(asked: readonly Finding[], verdicts: ReadonlyMap<string, Verification>): string[] {
  const byReason = new Map<string, string[]>();
  for (const f of asked) {
    const v = verdicts.get(f.id);
    if (v?.status !== 'unverified') continue;
    byReason.set(v.reason, [...(byReason.get(v.reason) ?? []), f.id]);
  }
  return [...byReason].map(
    ([reason, ids]) =>
      `verification could not complete for ${ids.join(', ')}, so ${ids.length === 1 ? 'it blocks' : 'they block'} unconfirmed: ${reason}`,
  );
}
