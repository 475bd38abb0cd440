// The pipeline, stage by stage, in order. Each stage is a function from one typed value to the next,
// in a file of its own (ranges.ts, gather.ts, check.ts, plan.ts, ask.ts, review.ts, decide.ts, emit.ts;
// the values they pass are in stage-types.ts); this file only says their order and where a run stops early:
//
//   ranges → gather → check → plan → [dry run: emit the plan] → ask → review → decide → emit
//
// A push with nothing new stops after the ranges, having loaded almost nothing; each later stage is
// loaded only when the run reaches it.
import type { ReviewOptions, ReviewOutcome, RunContext } from '../cli/run-context.js';
import { findRanges } from './ranges.js';
import type { Asked, Planned } from './stage-types.js';

export type { ReviewOutcome };

export async function runReview(ctx: RunContext, options: ReviewOptions): Promise<ReviewOutcome> {
  // ranges: exactly what is pushed (git's ref lines) or asked for (a range, --base/--head).
  const found = await findRanges(ctx, options);
  if ('done' in found) return found.done;
  // gather: the config, the changeset, the task, the acknowledgements; starts the progress line.
  const gathered = await (await import('./gather.js')).gather(found.run);
  let planned: Planned;
  let asked: Asked | null = null;
  try {
    // check: the deterministic checks, and the redaction of what they found from what is sent.
    const checked = await (await import('./check.js')).check(gathered);
    // plan: the model's requests, counted; a dry run stops after this stage.
    planned = await (await import('./plan.js')).plan(checked);
    // ask: the requests sent (or the cached review reused) and the answers assembled.
    if (!options.dryRun) asked = await (await import('./ask.js')).ask(planned);
  } finally {
    gathered.progress.stop();
  }
  if (asked === null) return (await import('./dry-run.js')).emitPlan(planned);
  // review: the findings placed, numbered, acknowledged and, when they would block, verified.
  const reviewed = await (await import('./review.js')).review(asked);
  // decide: policy's verdict, overrides, the terminal prompt; emit: the state folder and the report.
  const decided = await (await import('./decide.js')).decide(reviewed);
  return (await import('./emit.js')).emit(decided);
}
