// The gather stage: the config (loaded only now), then what is pushed (the changeset), what it was
// meant to do (the task) and what is acknowledged; it starts the progress line. It also starts the
// history check (check-history.ts) beside the changeset's reads, for the check stage to await.
import { isCheckEnabled } from '../checks/registry.js';
import type { ReviewConfig } from '../config/types.js';
import { currentBranch, pushedBranch } from '../context/branch.js';
import { checkPushedHistory } from '../checks/check-history.js';
import { collectChangeset } from '../git/changeset.js';
import { DEFAULT_MAX_COMMITS } from '../git/size-limits.js';
import { loadAcksAt } from '../ack/load-acks.js';
import { missingKey, resolveEndpoint } from '../providers/resolve-endpoint.js';
import { plural } from '../report/format.js';
import { preloadForReview, preloadTokenCounter } from '../review/preload.js';
import type { ReviewOptions, RunContext } from '../cli/run-context.js';
import { type RangesToReview, readConfig } from './ranges.js';
import type { Gathered } from './stage-types.js';

/** Gather: the config, then what is pushed (changeset), what it was meant to do (task) and what is acknowledged. */
export async function gather(input: RangesToReview): Promise<Gathered> {
  const { ctx, options, git, repo, progress, fromRefLines, resolveRanges } = input;
  let { ranges, notes } = input;
  // Everything but --offline counts tokens: the tokenizer's worker starts loading before the config.
  preloadTokenCounter({ offline: options.offline });
  // A manual run started reading its config beside the range (see ranges.ts); a push reads it now.
  const loaded = await (input.configRead ?? readConfig(ctx, options, repo));
  const config = loaded.config;
  preloadForReview({ offline: options.offline, dryRun: options.dryRun, scansSecrets: isCheckEnabled(config, 'secrets') });
  progress.detail(`config: ${loaded.file ?? 'defaults (no config file found)'}`);
  if (config.maxCommits !== DEFAULT_MAX_COMMITS) ({ ranges, notes } = await resolveRanges(config.maxCommits));
  for (const note of notes) progress.warn(note);
  for (const range of ranges) for (const note of range.notes) progress.warn(note);

  // The git reads below are independent of each other: start them together, so git works in its own
  // processes while this one handles what arrives. The history check (a `git log -p` of every pushed
  // commit, and the secret scan of it) is awaited by the check stage; its failure surfaces there.
  const history = checkPushedHistory(git, ranges, config);
  history.catch(() => {});
  const acksRead = loadAcksAt(
    git,
    ranges.map((r) => r.head),
  );
  acksRead.catch(() => {});
  // Offline means no model and no tracker program (which may use the network), so the tracker and
  // document readers are loaded only when they run.
  const taskModule = options.offline ? null : import('../context/gather-task-context.js');
  taskModule?.catch(() => {});

  const changeset = await collectChangeset(git, repo, ranges, config);
  // What the push was meant to do.
  const task =
    taskModule === null
      ? null
      : await (await taskModule).gatherTaskContext({
          git,
          repo,
          changeset,
          config,
          issueIds: options.issues,
          env: ctx.env,
          commonDir: repo.commonDir,
          branch: fromRefLines ? pushedBranch(ranges) : await currentBranch(git),
        });
  for (const warning of task?.warnings ?? []) progress.warn(warning);
  if (task && task.issues.length > 0) progress.detail(`task: ${task.issues.join(', ')}`);
  // Acknowledged findings, as committed at the pushed heads: they never block, and the model is told of them.
  const acks = await acksRead;
  for (const problem of acks.problems) progress.warn(problem);
  const commitCount = new Set(ranges.flatMap((r) => r.commits)).size;
  progress.detail(`ranges: ${ranges.map((r) => `${r.ref} ${r.base.slice(0, 12)}..${r.head.slice(0, 12)}`).join(', ')}`);
  await progress.start(
    `reviewing ${plural(commitCount, 'commit')}, ${plural(changeset.files.length, 'file')}${modelWords(options, config, ctx.env, changeset.files.length)}`,
  );
  return { ...input, ranges, notes, config, changeset, task, acks, history };
}

/**
 * The progress line names a model only when one will be asked: not offline, not a dry run, with
 * files to send and an endpoint that can be reached (a key, or a server that needs none).
 */
function modelWords(options: ReviewOptions, config: ReviewConfig, env: RunContext['env'], files: number): string {
  if (options.offline) return ' (offline: checks only)';
  if (options.dryRun) return ' (dry run: nothing is sent)';
  if (files === 0) return '';
  const endpoint = resolveEndpoint(config, env);
  if (endpoint.problem !== null || missingKey(endpoint, config.apiKeyEnv) !== null) return ' (checks only: no model can be asked)';
  return ` with ${config.model}`;
}
