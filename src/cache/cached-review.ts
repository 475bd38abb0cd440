// What the model phase stores in the review cache, and the key it is stored under. Pure.
//
// The key is a hash of what the model is asked and how its answer is read: the exact messages of
// every planned request (already redacted, with the task text, the instructions and any previous
// round in them), the model, the endpoint without credentials, the output mode and the token
// budgets. One thing is taken out of the messages first: commit ids. They change on a rebase, an
// amend or a cherry-pick that changes no content, and the fence marker (derived from a hash of the
// text, commit ids included) changes with them; a review of the same content must stay the same
// review. Ids are replaced by their role (BASE0, HEAD0, COMMIT3) and the fence marker by a fixed word.
//
// The value is the model's answers as validated, one per request, not the findings made from them:
// locating, merging and numbering run again on a hit, against the repository as it is now, so a
// hit gives what a fresh answer would give. Commit ids the answers mention are rewritten to the
// current ones.
import type { TokenUsage } from '../domain/usage.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import { reviewSchema, type ReviewAnswer } from '../llm/review-schema.js';
import type { Changeset } from '../domain/types.js';
import { cacheKey } from '../state/review-cache.js';

/**
 * Bumped whenever the answer's reading changes meaning (the answer schema, how findings are located
 * or merged) so that entries written by an older version are misses rather than replayed differently.
 */
export const REVIEW_FORMAT = 1;

export interface CachedReview {
  /** The validated answer of each request, in plan order. */
  answers: ReviewAnswer[];
  /** What the original review cost; a hit itself costs nothing. */
  usage: TokenUsage;
  /** Commit ids by role when the answers were given, to rewrite the ones the answers mention. */
  oids: Record<string, string>;
  /** When the model answered. */
  reviewedAt: string;
}

export interface ReviewKeyInputs {
  model: string;
  /** The endpoint without credentials or query. */
  endpoint: string;
  structuredOutput: string;
  maxOutputTokens: number;
  maxPromptTokens: number;
  maxPushTokens: number;
  /** The planned requests' messages, exactly as they would be sent. */
  requests: ReadonlyArray<readonly ChatMessage[]>;
  /** Commit ids by role (see commitRoles). */
  oids: Readonly<Record<string, string>>;
}

/** Commit ids by role: each range's base and head, then the pushed commits in order. */
export function commitRoles(changeset: Pick<Changeset, 'ranges' | 'commits'>): Record<string, string> {
  const roles: Record<string, string> = {};
  changeset.ranges.forEach((range, i) => {
    roles[`BASE${i}`] = range.base;
    roles[`HEAD${i}`] = range.head;
  });
  changeset.commits.forEach((commit, i) => {
    roles[`COMMIT${i}`] = commit.oid;
  });
  return roles;
}

/** Shortest run of hex digits taken for an abbreviated commit id (git's default abbreviation). */
const MIN_ABBREV = 7;
const HEX_RUN = /\b[0-9a-f]{7,64}\b/g;

/** The role whose id starts with `hex` (the first in role order), or null. */
function roleOf(hex: string, roles: Readonly<Record<string, string>>): string | null {
  if (hex.length < MIN_ABBREV) return null;
  for (const [role, oid] of Object.entries(roles)) if (oid.startsWith(hex)) return role;
  return null;
}

/** The fence marker's token in a request (the system message names it before any repository text). */
function fenceToken(messages: readonly ChatMessage[]): string | null {
  for (const message of messages) {
    const match = /<<<DATA-([0-9a-f]+)>>>/.exec(message.content);
    if (match) return match[1]!;
  }
  return null;
}

/** The messages with the fence token and every commit id (full or abbreviated) replaced by its role. */
export function normaliseMessages(messages: readonly ChatMessage[], roles: Readonly<Record<string, string>>): ChatMessage[] {
  const token = fenceToken(messages);
  return messages.map((message) => {
    // The token is chosen to occur nowhere in the repository's text, so replacing it touches only markers.
    const unfenced = token === null ? message.content : message.content.split(token).join('FENCE');
    return { role: message.role, content: unfenced.replace(HEX_RUN, (hex) => roleOf(hex, roles) ?? hex) };
  });
}

export function reviewKey(inputs: ReviewKeyInputs): string {
  return cacheKey({
    review: REVIEW_FORMAT,
    model: inputs.model,
    endpoint: inputs.endpoint,
    structuredOutput: inputs.structuredOutput,
    maxOutputTokens: inputs.maxOutputTokens,
    maxPromptTokens: inputs.maxPromptTokens,
    maxPushTokens: inputs.maxPushTokens,
    requests: inputs.requests.map((messages) => normaliseMessages(messages, inputs.oids)),
  });
}

/** Commit ids (full or abbreviated) of the old roles in `text`, as the same roles' ids now, abbreviated alike. */
export function rewriteOids(text: string, from: Readonly<Record<string, string>>, to: Readonly<Record<string, string>>): string {
  return text.replace(HEX_RUN, (hex) => {
    const role = roleOf(hex, from);
    const now = role === null ? undefined : to[role];
    return now === undefined ? hex : now.slice(0, hex.length);
  });
}

/** The stored answers with the commit ids they mention brought up to date. The quote is code and stays. */
export function restoreAnswers(entry: CachedReview, roles: Readonly<Record<string, string>>): ReviewAnswer[] {
  const fix = (text: string): string => rewriteOids(text, entry.oids, roles);
  return entry.answers.map((answer) => ({
    ...answer,
    summary: fix(answer.summary),
    findings: answer.findings.map((f) => ({ ...f, title: fix(f.title), detail: fix(f.detail) })),
    strengths: answer.strengths.map(fix),
    requirements: answer.requirements.map((r) => ({ ...r, requirement: fix(r.requirement), evidence: fix(r.evidence) })),
  }));
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validates an entry read from disk: anything else (older layout, hand-edited, foreign) is a miss. */
export function isCachedReview(value: unknown): value is CachedReview {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const usage = v.usage as Record<string, unknown> | null | undefined;
  const oids = v.oids as Record<string, unknown> | null | undefined;
  return (
    Array.isArray(v.answers) &&
    v.answers.length > 0 &&
    v.answers.every((answer) => reviewSchema.safeParse(answer).success) &&
    typeof usage === 'object' &&
    usage !== null &&
    count(usage.requests) &&
    count(usage.promptTokens) &&
    count(usage.completionTokens) &&
    typeof oids === 'object' &&
    oids !== null &&
    !Array.isArray(oids) &&
    Object.values(oids).every((oid) => typeof oid === 'string' && /^[0-9a-f]{40,64}$/.test(oid)) &&
    typeof v.reviewedAt === 'string'
  );
}
