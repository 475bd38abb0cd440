// The domain's closed lists, each written once. Types, commander choices, zod enums and the parsers
// of saved files are all derived from these arrays, so adding a value is one edit here.

/** Finding severities, most severe first. */
export const SEVERITIES = ['critical', 'important', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The lowest severity that blocks a push (`blockOn`, `--block-on`); 'never' blocks nothing. */
export const BLOCK_LEVELS = [...SEVERITIES, 'never'] as const;
export type BlockOn = (typeof BLOCK_LEVELS)[number];

/** How serious a severity is: higher blocks sooner. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 3, important: 2, minor: 1 };

export const CATEGORIES = ['task', 'security', 'correctness', 'quality', 'testing', 'performance', 'docs'] as const;
export type Category = (typeof CATEGORIES)[number];

export const REQUIREMENT_STATUSES = ['met', 'partial', 'missing', 'unclear'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

/** The model's own verdict on the change. */
export const MODEL_VERDICTS = ['ready', 'ready_with_fixes', 'not_ready'] as const;
export type ModelVerdict = (typeof MODEL_VERDICTS)[number];

/** What a push gets when the model review cannot complete (`onError`, `--on-error`). */
export const ON_ERROR = ['allow', 'block'] as const;
export type OnError = (typeof ON_ERROR)[number];

/** The gate's verdict. */
export type Verdict = OnError;

/** How the model is asked for JSON (`structuredOutput`); 'auto' starts at json_schema and learns from refusals. */
export const STRUCTURED_OUTPUT_MODES = ['auto', 'json_schema', 'json_object', 'none'] as const;
export type StructuredOutputMode = (typeof STRUCTURED_OUTPUT_MODES)[number];
/** The output modes a request is actually sent in. */
export type OutputMode = Exclude<StructuredOutputMode, 'auto'>;

/** Whether a focused second request confirms each finding that would block (`verify`). */
export const VERIFY_MODES = ['blocking', 'off'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

/** Whether the model review ran: the report's `modelReview`. */
export const MODEL_STATUSES = ['done', 'skipped', 'failed', 'not-needed'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Report formats of `review` and `ci` (`--format`): one reporter each in src/report/index.ts. */
export const REPORT_FORMATS = ['pretty', 'json', 'markdown', 'sarif', 'github', 'gitlab'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Report formats of `eval`. */
export const EVAL_FORMATS = ['pretty', 'json', 'markdown'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

/** Whether a value is one of a list's members, narrowing it (for parsers of saved files). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
