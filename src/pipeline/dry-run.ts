// The dry run's emit stage, and what --dry-run and --print-prompt print: the planned requests,
// counted as they would be sent, and (with --print-prompt) their exact messages. Nothing is sent.
import { writeOutput } from '../report/write-output.js';
import { formatUSD } from '../cost/estimate-cost.js';
import type { Changeset, SkippedFile } from '../domain/types.js';
import type { ReviewOptions, ReviewOutcome, RunContext } from '../cli/run-context.js';
import type { ReportFormat } from '../domain/lists.js';
import type { DryRunPlan, ModelPhaseResult } from '../review/model-phase.js';
import { formatCount } from '../domain/format-count.js';
import type { Planned } from './stage-types.js';

export interface DryRunOutput {
  plan: DryRunPlan;
  printPrompt: boolean;
  format: ReportFormat;
}

/** The files the model reviews after the phase, and everything left out (filters, budget, failed parts). */
export function coverageAfter(
  changeset: Changeset,
  model: Pick<ModelPhaseResult, 'skipped'>,
): { reviewed: string[]; skipped: SkippedFile[] } {
  const left = new Set(model.skipped.map((s) => s.file));
  return {
    reviewed: changeset.files.filter((f) => !left.has(f.path)).map((f) => f.path),
    skipped: [...changeset.skipped, ...model.skipped],
  };
}

export function renderDryRun({ plan, printPrompt, format }: DryRunOutput): string {
  if (format === 'json') {
    const requests = plan.requests.map((r, i) => ({
      index: i + 1,
      tokens: r.tokens,
      files: r.files,
      ...(printPrompt ? { messages: r.messages } : {}),
    }));
    return `${JSON.stringify({ dryRun: true, ...plan, requests }, null, 2)}\n`;
  }
  return printPrompt ? renderPrompts(plan) : renderSummary(plan);
}

function renderSummary(plan: DryRunPlan): string {
  const n = formatCount;
  const lines = ['review-hook: dry run; nothing was sent', `model: ${plan.model} at ${plan.endpoint}`];
  if (plan.reason !== null) lines.push(`note: ${plan.reason}`);
  if (plan.requests.length > 0) {
    lines.push(
      `would send ${plan.requests.length} ${plan.requests.length === 1 ? 'request' : 'requests'}, ` +
        `${n(plan.tokens)} prompt tokens in all ` +
        `(maxPromptTokens ${n(plan.maxPromptTokens)} per request, maxPushTokens ${n(plan.maxPushTokens)} per push; ` +
        `each answer up to ${n(plan.maxOutputTokens)} tokens)`,
    );
    lines.push(describeCost(plan));
    lines.push(describeVerification(plan));
    if (plan.cached) lines.push('a review of exactly these changes is in the cache: the real run would reuse it and send nothing');
    plan.requests.forEach((request, i) => {
      const shown = request.files.slice(0, 5).join(', ');
      const more = request.files.length > 5 ? `, … (${request.files.length} files)` : '';
      lines.push(`  ${i + 1}. ${n(request.tokens)} tokens: ${shown}${more}`);
    });
  }
  lines.push(`files sent for review: ${plan.reviewed.length}; not sent: ${plan.skipped.length}`);
  for (const skipped of plan.skipped) lines.push(`  ${skipped.file} (${skipped.reason})`);
  return `${lines.join('\n')}\n`;
}

/** The most the requests could cost, by the configured prices; said to be unknown without one. */
function describeCost(plan: DryRunPlan): string {
  const limit = plan.maxCostPerPush === null ? '' : `; maxCostPerPush ${formatUSD(plan.maxCostPerPush)}`;
  if (plan.estimatedCostUSD === null) return `estimated cost: unknown, no price for ${plan.model} in pricing${limit}`;
  return `estimated cost: up to ${formatUSD(plan.estimatedCostUSD)} (every answer at its full allowance; usually far less)${limit}`;
}

/** The verification requests that may follow the review, at most. */
function describeVerification(plan: DryRunPlan): string {
  const v = plan.verification;
  if (v.maxRequests === 0) return 'verification: off (verify: "off"); no second requests';
  const cost = v.estimatedCostUSD === null ? '' : `; up to ${formatUSD(v.estimatedCostUSD)} more`;
  return (
    `verification: up to ${v.maxRequests} more ${v.maxRequests === 1 ? 'request' : 'requests'} if findings would block ` +
    `(one per reviewed file that has one, one for findings without a file), each up to maxPromptTokens ` +
    `(${formatCount(plan.maxPromptTokens)}) prompt tokens and ${formatCount(v.maxOutputTokens)} answer tokens${cost}`
  );
}

function renderPrompts(plan: DryRunPlan): string {
  if (plan.requests.length === 0) return `review-hook: no request would be sent${plan.reason ? `: ${plan.reason}` : ''}\n`;
  const out: string[] = [];
  plan.requests.forEach((request, i) => {
    out.push(`===== request ${i + 1} of ${plan.requests.length} (${request.tokens} prompt tokens) =====`);
    for (const message of request.messages) out.push(`----- ${message.role} -----`, message.content);
  });
  return `${out.join('\n')}\n`;
}

/** Prints the plan where the report would go: stdout in a manual run, stderr in the hook, or --output. */
export async function emitDryRun(ctx: RunContext, options: ReviewOptions, plan: DryRunPlan): Promise<void> {
  const text = renderDryRun({ plan, printPrompt: options.printPrompt, format: options.format });
  if (options.output) {
    await writeOutput(ctx.cwd, options.output, text);
    ctx.stderr.write(`review-hook: dry run written to ${options.output}\n`);
    return;
  }
  ctx.stdout.write(text);
}

/** --dry-run / --print-prompt: say what would be sent; nothing was, so nothing is decided. */
export async function emitPlan(input: Planned): Promise<ReviewOutcome> {
  await emitDryRun(input.ctx, input.options, input.modelPlan.dryRun);
  return { exitCode: 0, report: null };
}
