// The plan stage: the model's requests within the token budgets, counted. Nothing is sent; a dry run
// stops here. modelInput is what the plan and ask stages both hand the model review.
import { planModelReview } from '../review/model-phase.js';
import type { Checked, Planned } from './stage-types.js';

export function modelInput(input: Checked) {
  const { git, config, ctx, options, repo, progress, sendTask } = input;
  return {
    git,
    changeset: input.redactedChangeset,
    config,
    env: ctx.env,
    offline: options.offline,
    onProgress: (text: string) => progress.update(text),
    commonDir: repo.commonDir,
    noCache: options.noCache,
    now: ctx.now,
    onWriteFailure: input.writeFailures.record,
    ...(sendTask ? { task: sendTask } : {}),
  };
}

/** Plan: the requests within the token budgets, counted, and whether the cache holds their review. Nothing is sent. */
export async function plan(input: Checked): Promise<Planned> {
  // A real run plans only what it can send; a dry run plans everything, to say what would be sent.
  return { ...input, modelPlan: await planModelReview(modelInput(input), input.options.dryRun ? 'show' : 'send') };
}
