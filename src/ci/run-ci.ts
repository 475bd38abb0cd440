// `review-hook ci`: the same review, config and exit codes as the hook, on a pull/merge request's
// range in CI. Finds the request from the CI's variables, makes sure the clone holds its history,
// reviews merge-base..head, and in GitHub Actions also appends the Markdown report to the job summary.
import { appendFile, readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { createGit } from '../git/exec-git.js';
import type { BlockOn } from '../domain/types.js';
import type { ReviewOptions, RunContext } from '../cli/run-context.js';
import type { OnError, ReportFormat } from '../domain/lists.js';
import { detectCi, githubRequest, gitlabRequest, type CiRequest } from './ci-range.js';
import { resolveCiRange } from './fetch-range.js';

export interface CiFlags {
  format?: ReportFormat;
  output?: string;
  blockOn?: BlockOn;
  onError?: OnError;
  base?: string;
  head?: string;
  remote: string;
  fetch: boolean;
  offline: boolean;
  noCache: boolean;
  config?: string;
  quiet: boolean;
  verbose: boolean;
}

async function readEvent(path: string | undefined): Promise<unknown> {
  if (!path) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`could not read the GitHub event file ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'GITHUB_EVENT_PATH is set by GitHub Actions; elsewhere give the range: review-hook ci --base <rev> --head <rev>.',
    });
  }
}

async function findRequest(ctx: RunContext, flags: CiFlags): Promise<CiRequest | null> {
  if (flags.base !== undefined || flags.head !== undefined) return null;
  const ci = detectCi(ctx.env);
  if (ci === 'github') return githubRequest(ctx.env, await readEvent(ctx.env.GITHUB_EVENT_PATH));
  if (ci === 'gitlab') return gitlabRequest(ctx.env);
  throw new UsageError('review-hook ci found no pull or merge request: GITHUB_ACTIONS and GITLAB_CI are not set', {
    hint: 'In another CI give the range: review-hook ci --base origin/main --head HEAD (reviews what HEAD adds since it left main).',
  });
}

export async function runCi(ctx: RunContext, flags: CiFlags): Promise<number> {
  const request = await findRequest(ctx, flags);
  const { runReview } = await import('../pipeline/run-review.js');
  const options: ReviewOptions = {
    mode: 'manual',
    refLines: null,
    remote: null,
    format: flags.format ?? (detectCi(ctx.env) === 'github' ? 'github' : 'pretty'),
    offline: flags.offline,
    dryRun: false,
    printPrompt: false,
    noCache: flags.noCache,
    issues: [],
    quiet: flags.quiet,
    verbose: flags.verbose,
    ...(flags.output ? { output: flags.output } : {}),
    ...(flags.blockOn ? { blockOn: flags.blockOn } : {}),
    ...(flags.onError ? { onError: flags.onError } : {}),
    ...(flags.config ? { config: flags.config } : {}),
  };
  if (request === null) {
    // Given by hand: what head adds since it left base, as a pull request would show it.
    options.range = `${flags.base ?? 'HEAD'}...${flags.head ?? 'HEAD'}`;
  } else {
    const range = await resolveCiRange(createGit(ctx.cwd, ctx.env), request, { remote: flags.remote, fetch: flags.fetch });
    for (const note of range.notes) ctx.stderr.write(`review-hook: ${note}\n`);
    if (!flags.quiet) ctx.stderr.write(`review-hook: reviewing ${request.label}: ${range.base.slice(0, 12)}..${range.head.slice(0, 12)}\n`);
    options.base = range.base;
    options.head = range.head;
  }
  const outcome = await runReview(ctx, options);
  const summary = ctx.env.GITHUB_STEP_SUMMARY;
  if (summary) {
    const { renderMarkdown } = await import('../report/markdown.js');
    const title = `## review-hook${request === null ? '' : `: ${request.label}`}\n\n`;
    const body =
      outcome.report === null ? 'Nothing to review: the request adds no commits.\n' : renderMarkdown(outcome.report, { color: false });
    await appendFile(summary, `${title}${body}\n`);
  }
  return outcome.exitCode;
}
