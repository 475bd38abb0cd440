// The ask stage: the planned requests sent (or the cached review reused) and the answers assembled.
import { runModelReview } from '../review/model-phase.js';
import { modelInput } from './plan.js';
import type { Asked, Planned } from './stage-types.js';

/** Review, the model's part: the planned requests sent (or the cached review reused) and their answers assembled. */
export async function ask(input: Planned): Promise<Asked> {
  return { ...input, model: await runModelReview(input.modelPlan, modelInput(input)) };
}
