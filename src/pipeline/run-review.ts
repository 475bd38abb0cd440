// The pipeline, stage by stage, in order. Each stage is a function from one typed value to the next
// (ranges.ts, stages.ts); this file only says their order and where a run stops early:
//
//   ranges → gather → check → plan → [dry run: emit the plan] → ask → review → decide → emit
//
// A push with nothing new stops after the ranges, having loaded almost nothing; the other stages are
// loaded only when there is something to review.
import type { ReviewOptions, ReviewOutcome, RunContext } from '../cli/run-context.js';
import { findRanges } from './ranges.js';

export type { ReviewOutcome };

export async function runReview(ctx: RunContext, options: ReviewOptions): Promise<ReviewOutcome> {
  // ranges: exactly what is pushed (git's ref lines) or asked for (a range, --base/--head).
  const found = await findRanges(ctx, options);
  if ('done' in found) return found.done;
  const stages = await import('./stages.js');
  // gather: the config, the changeset, the task, the acknowledgements; starts the progress line.
  const gathered = await stages.gather(found.run);
  let planned: Awaited<ReturnType<typeof stages.plan>>;
  let asked: Awaited<ReturnType<typeof stages.ask>> | null = null;
  try {
    // check: the deterministic checks, and the redaction of what they found from what is sent.
    const checked = await stages.check(gathered);
    // plan: the model's requests, counted; a dry run stops after this stage.
    planned = await stages.plan(checked);
    if (!options.dryRun) asked = await stages.ask(planned);
  } finally {
    gathered.progress.stop();
  }
  if (asked === null) return stages.emitPlan(planned);
  // review: the findings placed, numbered, acknowledged and, when they would block, verified.
  const reviewed = await stages.review(asked);
  // decide: policy's verdict, overrides, the terminal prompt; emit: the state folder and the report.
  return stages.emit(await stages.decide(reviewed));
}
