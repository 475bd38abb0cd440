// Collects a push override from what the caller gathered (env, `git -c`, commit trailers).
// Pure: nothing here reads the process or runs git. The interactive prompt is tty-prompt.ts,
// asked only when none of these apply.
import type { Env } from '../domain/env.js';
import type { Override } from '../domain/types.js';

export interface TrailerOverride {
  /** The pushed ref whose head commit carries (or lacks) the trailer. */
  ref: string;
  /** The `Review-Override:` value on that head commit; null when the trailer is absent. */
  reason: string | null;
  /** Why the trailer cannot answer this block (see overrides/trailer-standing.ts); null or absent when it can. */
  stale?: string | null;
}

/** A `review-hook.allow` saved in a git config file (not given with `git -c` for this push). */
export interface SavedAllow {
  /** git's scope name: local, global, system, worktree. */
  scope: string;
}

export interface OverrideInput {
  env: Env;
  /** `review-hook.allow` given for this push only (`git -c review-hook.allow=… push`, scope "command"); null when not. */
  gitConfigAllow: string | null;
  /** `review-hook.allow` values saved in config files: never an override, each gets a warning. */
  savedGitConfigAllow?: readonly SavedAllow[];
  /** One entry per pushed ref head. */
  trailers: readonly TrailerOverride[];
  /**
   * Refs the block applies to. Findings belong to the whole push (ranges are reviewed together),
   * so callers pass every pushed ref unless they can attribute findings to single refs.
   */
  blockingRefs: readonly string[];
}

export interface OverrideResolution {
  override: Override | null;
  /** Overrides that were present but not accepted, with why; print them so the user knows. */
  refused: string[];
}

export const SKIP_VAR = 'REVIEW_HOOK_SKIP';
export const ALLOW_VAR = 'REVIEW_HOOK_ALLOW';
export const GIT_CONFIG_KEY = 'review-hook.allow';
export const TRAILER_KEY = 'Review-Override';

/** REVIEW_HOOK_SKIP=1 skips the review before it starts (the caller still writes an audit line). */
export function isSkip(env: Env): boolean {
  return env[SKIP_VAR]?.trim() === '1';
}

/** The accepted override, or null. Refused attempts are reported by resolveOverride. */
export function findOverride(input: OverrideInput): Override | null {
  return resolveOverride(input).override;
}

/**
 * Precedence: REVIEW_HOOK_ALLOW, then `git -c review-hook.allow`, then trailers. An override with no
 * real reason is refused (the audit log is only useful with one) and the next source is tried.
 */
export function resolveOverride(input: OverrideInput): OverrideResolution {
  const refused: string[] = [];

  // A saved value would allow every push from now on, long after its reason stopped applying.
  for (const scope of [...new Set((input.savedGitConfigAllow ?? []).map((saved) => saved.scope))]) {
    refused.push(
      `${GIT_CONFIG_KEY} is saved in the ${scope} git config and was ignored: it counts only when given for one push ` +
        `(git -c ${GIT_CONFIG_KEY}="reason" push). Remove it with: git config ${unsetScope(scope)}--unset-all ${GIT_CONFIG_KEY}`,
    );
  }

  const envValue = input.env[ALLOW_VAR];
  if (envValue !== undefined) {
    const problem = reasonProblem(envValue);
    if (problem === null) return { override: { source: 'env', reason: envValue.trim() }, refused };
    refused.push(`${ALLOW_VAR} was ignored: ${problem}. Use ${ALLOW_VAR}="why this push is safe" git push`);
  }

  if (input.gitConfigAllow !== null) {
    const problem = reasonProblem(input.gitConfigAllow);
    if (problem === null) return { override: { source: 'git-config', reason: input.gitConfigAllow.trim() }, refused };
    refused.push(`git config ${GIT_CONFIG_KEY} was ignored: ${problem}. Use git -c ${GIT_CONFIG_KEY}="why this push is safe" push`);
  }

  const fromTrailers = trailerOverride(input.trailers, input.blockingRefs);
  refused.push(...fromTrailers.refused);
  return { override: fromTrailers.override, refused };
}

/**
 * A trailer sits on one ref's head commit and vouches only for that ref, so it overrides the push
 * only when every blocking ref carries one with a reason.
 */
function trailerOverride(trailers: readonly TrailerOverride[], blockingRefs: readonly string[]): OverrideResolution {
  const refused: string[] = [];
  if (blockingRefs.length === 0) return { override: null, refused };

  const reasons = new Map<string, string>();
  const empty = new Set<string>();
  for (const trailer of trailers) {
    if (trailer.reason === null || reasons.has(trailer.ref)) continue;
    if (trailer.stale) {
      refused.push(`${TRAILER_KEY} trailer on ${trailer.ref} was ignored: ${trailer.stale}`);
      continue;
    }
    if (reasonProblem(trailer.reason) === null) reasons.set(trailer.ref, trailer.reason.trim());
    else empty.add(trailer.ref);
  }

  const refs = [...new Set(blockingRefs)];
  const covered = refs.filter((ref) => reasons.has(ref));
  if (covered.length === 0) {
    for (const ref of refs.filter((r) => empty.has(r))) refused.push(`${TRAILER_KEY} trailer on ${ref} was ignored: it has no reason`);
    return { override: null, refused };
  }
  const missing = refs.filter((ref) => !reasons.has(ref));
  if (missing.length > 0) {
    refused.push(
      `${TRAILER_KEY} trailer on ${covered.join(', ')} does not cover ${missing.join(', ')}: a trailer overrides only its own ref, so each blocking ref's head commit needs one`,
    );
    return { override: null, refused };
  }

  const distinct = [...new Set(covered.map((ref) => reasons.get(ref) ?? ''))];
  const reason = distinct.length === 1 ? (distinct[0] ?? '') : covered.map((ref) => `${ref}: ${reasons.get(ref) ?? ''}`).join('; ');
  return { override: { source: 'trailer', reason }, refused };
}

/** Why a value is not a usable reason, or null when it is one. */
export function reasonProblem(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'the reason is empty';
  // `REVIEW_HOOK_ALLOW=1` reads like a switch; an audit line saying "1" explains nothing.
  if (/^(1|true|yes|y|on)$/i.test(trimmed)) return `"${trimmed}" is not a reason`;
  return null;
}

/** The `git config` flag for a scope, with a trailing space; none for a scope git has no flag for. */
function unsetScope(scope: string): string {
  return ['local', 'global', 'system', 'worktree'].includes(scope) ? `--${scope} ` : '';
}
