// The report a verdict is given in: the ranges, findings, coverage, usage and errors of the run.
import type { Override, Report } from '../domain/types.js';
import { sumUsage } from '../domain/usage.js';
import type { Decision } from '../policy/decide.js';
import { coverageAfter } from './dry-run.js';
import type { Reviewed } from './stage-types.js';

export function buildReport(input: Reviewed, decision: Decision, override: Override | null): Report {
  const { model, verified, task } = input;
  return {
    version: 1,
    verdict: decision.verdict === 'block' && !override ? 'block' : 'allow',
    override,
    ranges: input.ranges.map((r) => ({ ref: r.ref, base: r.base, head: r.head, commits: r.commits })),
    findings: input.findings,
    strengths: model.strengths,
    requirements: model.requirements,
    coverage: coverageAfter(input.changeset, model),
    usage: {
      ...sumUsage(model.usage, verified.usage),
      cached: model.cached ?? false,
      estimatedCostUSD: addCost(model.estimatedCostUSD ?? null, verified.estimatedCostUSD),
    },
    // A skip on purpose (--offline) is stated by the reporter; a failure names its cause here.
    errors: [...(model.status === 'failed' && model.reason ? [model.reason] : []), ...verified.problems, ...input.acks.problems],
    summary: model.summary,
    modelReview: model.status,
    task: task?.task ?? [],
    plans: task?.plans ?? [],
    ...(input.resolved === undefined ? {} : { resolved: input.resolved }),
    ...(input.noLongerChecked.length === 0 ? {} : { noLongerChecked: input.noLongerChecked }),
    ...(input.expiredAcknowledgements.length === 0 ? {} : { expiredAcknowledgements: input.expiredAcknowledgements }),
  };
}

function addCost(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}
