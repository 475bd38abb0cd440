// The values the stages pass along, each the one before it plus what its stage added:
// RangesToReview → Gathered → Checked → Planned → Asked → Reviewed → Decided.
import type { ReviewConfig } from '../config/types.js';
import type { loadAcksAt } from '../ack/load-acks.js';
import type { AckEntry } from '../ack/ack-file.js';
import type { checkPushedHistory } from '../checks/check-history.js';
import type { Changeset, Finding, Override, Report } from '../domain/types.js';
import type { Decision } from '../policy/decide.js';
import type { ModelPhaseResult, ModelPlan } from '../review/model-phase.js';
import type { VerifyResult } from '../verify/run-verification.js';
import type { RangesToReview } from './ranges.js';

type TaskContext = NonNullable<Awaited<ReturnType<typeof import('../context/gather-task-context.js').gatherTaskContext>>>;

/** After gather: the config, the changeset, the task and the acknowledgements. */
export interface Gathered extends RangesToReview {
  config: ReviewConfig;
  changeset: Changeset;
  /** Null offline (no tracker program is run then). */
  task: TaskContext | null;
  acks: Awaited<ReturnType<typeof loadAcksAt>>;
  /** The checks over every pushed commit, started beside the changeset's reads; the check stage awaits it. */
  history: ReturnType<typeof checkPushedHistory>;
}

/** After check: the deterministic checks' findings, and what may be sent with every secret they found replaced. */
export interface Checked extends Gathered {
  checked: Awaited<ReturnType<typeof checkPushedHistory>>;
  redactedChangeset: Changeset;
  /** The task text as sent (redacted, with the live acknowledgements); null without a task. */
  sendTask: (TaskContext & { acknowledged: AckEntry[] }) | null;
}

/** After plan: the requests the model would get. A dry run prints `modelPlan.dryRun` and stops here. */
export interface Planned extends Checked {
  modelPlan: ModelPlan;
}

/** After the model's requests. */
export interface Asked extends Planned {
  model: ModelPhaseResult;
}

/** After review: every finding placed, numbered, matched to acknowledgements and (when it would block) verified. */
export interface Reviewed extends Asked {
  findings: Finding[];
  verified: VerifyStageResult;
  expiredAcknowledgements: string[];
  resolved: string[] | undefined;
  noLongerChecked: string[];
}

/** After decide: the verdict (with any override the person gave) and the report that says it. */
export interface Decided extends Reviewed {
  decision: Decision;
  override: Override | null;
  report: Report;
  /** The report was already shown, before the terminal prompt. */
  shown: boolean;
}

export type VerifyStageResult = Pick<VerifyResult, 'findings' | 'usage' | 'estimatedCostUSD' | 'problems'>;
