// The ranges stage, the pipeline's front: what is being pushed. A push with nothing new ends here,
// having loaded little more than the git runner; everything that reviews is loaded only when there is work.
import { statePaths } from '../state/paths.js';
import { DEFAULT_MAX_COMMITS } from '../git/size-limits.js';
import type { ReviewOptions, ReviewOutcome, RunContext } from '../cli/run-context.js';
import type { Git } from '../git/exec-git.js';
import type { RepoInfo } from '../git/repo.js';
import type { Progress } from '../progress.js';
import type { PushRange } from '../domain/types.js';
import { createGit } from '../git/exec-git.js';
import { resolveCliRange } from '../git/cli-range.js';
import { peelPushedTips, resolvePushRanges } from '../git/push-ranges.js';
import { parseRefLinesDetailed } from '../git/ref-lines.js';
import { openRepo } from '../git/repo.js';
import { isSkip } from '../policy/overrides.js';
import { createProgress } from '../progress.js';
import { useColor } from '../report/use-color.js';
import type { WriteFailures } from '../state/write-failure.js';

/** What the ranges stage hands on when there is something to review. */
export interface RangesToReview {
  ctx: RunContext;
  options: ReviewOptions;
  git: Git;
  repo: RepoInfo;
  ranges: PushRange[];
  notes: string[];
  progress: Progress;
  fromRefLines: boolean;
  /** The config, already being read (a manual run); null when gather reads it (a push). */
  configRead: ReturnType<typeof readConfig> | null;
  /** Resolves the ranges again with another commit cap (when the config changes maxCommits). */
  resolveRanges: (maxCommits: number) => Promise<{ ranges: PushRange[]; notes: string[] }>;
  /** State writes that failed during the run (cache, round, report), said in one warning at emit. */
  writeFailures: WriteFailures;
}

/** The ranges to review, or the outcome when there is nothing to review (up to date, skipped). */
export async function findRanges(ctx: RunContext, options: ReviewOptions): Promise<{ done: ReviewOutcome } | { run: RangesToReview }> {
  let fromRefLines = options.mode === 'hook' && options.refLines !== null;
  const parsed = fromRefLines ? parseRefLinesDetailed(options.refLines ?? '') : { updates: [], invalid: [] };
  if (parsed.invalid.length > 0) {
    const { malformedInputError } = await import('../hook-input/malformed-input.js');
    throw malformedInputError(parsed.invalid);
  }
  const updates = parsed.updates;
  // Up to date, or only rejected refs: git still runs the hook, with no lines. But a command before
  // the block may have read them: that must not pass as "nothing to push" (see empty-input.ts).
  let emptyInput = false;
  if (fromRefLines && updates.length === 0) {
    const { HOOK_FILE_VAR, hookFileRunsBlockFirst } = await import('../hook-input/empty-input.js');
    if (await hookFileRunsBlockFirst(ctx.cwd, ctx.env[HOOK_FILE_VAR])) return { done: { exitCode: 0, report: null } };
    emptyInput = true;
    fromRefLines = false;
  }

  const progress = createProgress({
    stream: ctx.stderr,
    interactive: ctx.stderrIsTTY && !ctx.env.CI && ctx.env.TERM !== 'dumb',
    quiet: options.quiet,
    verbose: options.verbose,
    color: useColor(ctx.stderrIsTTY, ctx.env),
  });

  const git = createGit(ctx.cwd, ctx.env);
  const skip = options.mode === 'hook' && isSkip(ctx.env);
  // Peeling the pushed tips needs no repository facts, so it runs beside openRepo. Its failure is
  // handled where it is awaited; the catch only keeps an early stop from leaving it unhandled.
  const tips = fromRefLines && !skip ? peelPushedTips(git, updates) : undefined;
  tips?.catch(() => {});
  const repo = await openRepo(git);

  if (skip) {
    const [{ writeOrWarn }, { recordAudit }] = await Promise.all([import('../state/write-failure.js'), import('../state/record-audit.js')]);
    const recorded = await writeOrWarn(
      'the skip in the audit log',
      statePaths(repo.commonDir).audit,
      () =>
        recordAudit(git, repo.commonDir, ctx, {
          ranges: updates.map((u) => ({ ref: u.remoteRef, base: u.remoteOid, head: u.localOid })),
          override: { source: 'skip', reason: 'REVIEW_HOOK_SKIP=1' },
          findings: [],
          verdictWithoutOverride: null,
        }),
      (message) => progress.warn(message),
    );
    progress.warn(`review skipped (REVIEW_HOOK_SKIP=1)${recorded ? '; recorded in the audit log' : ''}`);
    return { done: { exitCode: 0, report: null } };
  }

  // A person who runs a review by hand almost always has something to review: read the config while
  // git resolves the range. A push with nothing new must not pay for loading and validating it, so
  // the hook reads it only once the ranges say there is work.
  const configRead = options.mode === 'manual' ? readConfig(ctx, options, repo) : null;
  configRead?.catch(() => {});

  // Ranges first: a push with nothing new must not pay for loading and validating the config.
  // The only setting ranges depend on is maxCommits; resolve again in the rare case it is changed.
  const resolveRanges = (maxCommits: number) =>
    fromRefLines
      ? resolvePushRanges(git, repo, updates, { maxCommits }, tips)
      : resolveCliRange(git, repo, pickRange(options), { maxCommits });
  const { ranges, notes } = await resolveRanges(DEFAULT_MAX_COMMITS);
  if (emptyInput) {
    // Nothing unpushed on the current branch either: the push really is up to date.
    if (ranges.length === 0) return { done: { exitCode: 0, report: null } };
    const { consumedInputWarning } = await import('../hook-input/empty-input.js');
    progress.warn(consumedInputWarning(new Set(ranges.flatMap((r) => r.commits)).size, ranges.map((r) => r.ref).join(', ')));
  }
  if (ranges.length === 0) {
    for (const note of notes) progress.warn(note);
    // A note already says why (no commits yet, a tag of a tree); otherwise say that all is pushed.
    if (options.mode === 'manual' && notes.length === 0) progress.succeed('nothing to review: no commits that are not already pushed');
    return { done: { exitCode: 0, report: null } };
  }

  // Loaded only now: a push with nothing new writes nothing.
  const writeFailures = (await import('../state/write-failure.js')).collectWriteFailures();
  return { run: { ctx, options, git, repo, ranges, notes, progress, fromRefLines, configRead, resolveRanges, writeFailures } };
}

/** Loads and validates the config; loaded on first use, since validation pulls in zod. */
export async function readConfig(ctx: RunContext, options: ReviewOptions, repo: RepoInfo) {
  const { loadConfig } = await import('../config/load-config.js');
  return loadConfig({
    repoRoot: repo.toplevel ?? ctx.cwd,
    explicitPath: options.config ?? ctx.env.REVIEW_HOOK_CONFIG ?? null,
    env: ctx.env,
    flags: { ...(options.blockOn ? { blockOn: options.blockOn } : {}), ...(options.onError ? { onError: options.onError } : {}) },
    ...(ctx.nodePath === undefined ? {} : { nodePath: ctx.nodePath }),
  });
}

function pickRange(options: ReviewOptions): { range?: string; base?: string; head?: string } {
  const spec: { range?: string; base?: string; head?: string } = {};
  if (options.range) spec.range = options.range;
  if (options.base) spec.base = options.base;
  if (options.head) spec.head = options.head;
  return spec;
}
