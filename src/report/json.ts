// `--format json`: the contract's object, keys in the contract's order so output diffs stay stable.
// After the contract's keys come two documented extras (see Report in types.ts): `summary`, the
// model's own summary, and `modelReview`, whether the model review ran ('done'|'skipped'|'failed'|'not-needed');
// then `task` and `plans`, the task context the review used;
// on a second round also `resolved`, the previous round's findings no longer found.
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Report } from '../domain/types.js';
import type { ReporterOptions } from './format.js';

export function toContractObject(report: Report): Record<string, unknown> {
  return {
    version: report.version,
    verdict: report.verdict,
    override: report.override === null ? null : { source: report.override.source, reason: report.override.reason },
    ranges: report.ranges.map((r) => ({ ref: r.ref, base: r.base, head: r.head, commits: [...r.commits] })),
    findings: report.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      category: f.category,
      file: f.file,
      line: f.line,
      endLine: f.endLine,
      title: f.title,
      detail: f.detail,
      source: f.source,
      located: f.located,
      acknowledgement: f.acknowledgement
        ? { reason: f.acknowledgement.reason, by: f.acknowledgement.by, at: f.acknowledgement.at, expires: f.acknowledgement.expires }
        : null,
      fingerprint: fingerprintOf(f),
      verification: f.verification ? { status: f.verification.status, reason: f.verification.reason } : null,
      // Only when file and line are a pushed commit's rather than the head's (see Finding.commit).
      ...(f.commit ? { commit: f.commit } : {}),
      // Only on a check's finding a checks.<name>.allow entry accepted: the entry's reason (it never blocks).
      ...(f.allowedByConfig === undefined ? {} : { allowedByConfig: f.allowedByConfig }),
    })),
    strengths: [...report.strengths],
    requirements: report.requirements.map((r) => ({ requirement: r.requirement, status: r.status, evidence: r.evidence })),
    coverage: {
      reviewed: [...report.coverage.reviewed],
      skipped: report.coverage.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    },
    usage: {
      requests: report.usage.requests,
      promptTokens: report.usage.promptTokens,
      completionTokens: report.usage.completionTokens,
      cached: report.usage.cached,
      estimatedCostUSD: report.usage.estimatedCostUSD,
    },
    errors: [...report.errors],
    summary: report.summary,
    modelReview: report.modelReview,
    task: report.task.map((t) => ({ id: t.id, title: t.title, foundBy: t.foundBy })),
    plans: report.plans.map((p) => ({ path: p.path, sections: [...p.sections] })),
    // Only on a second round, so a first review's object keeps exactly the keys above.
    ...(report.resolved === undefined ? {} : { resolved: [...report.resolved] }),
    ...(report.noLongerChecked === undefined ? {} : { noLongerChecked: [...report.noLongerChecked] }),
    // Only when an acknowledgement that matched a finding has expired.
    ...(report.expiredAcknowledgements === undefined ? {} : { expiredAcknowledgements: [...report.expiredAcknowledgements] }),
  };
}

/** Colour never applies: the output is for programs. */
export function renderJson(report: Report, _options: ReporterOptions): string {
  return `${JSON.stringify(toContractObject(report), null, 2)}\n`;
}
