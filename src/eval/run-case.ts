// Reviews one case's change in-process through the same code path as `review-hook review A..B`,
// then scores the report. Nothing is printed: progress and the report go to a sink.
import { Writable } from 'node:stream';
import type { ReviewOptions, RunContext } from '../cli/run-context.js';
import { runReview } from '../pipeline/run-review.js';
import type { Report } from '../domain/types.js';
import type { CaseRepo } from './case-repo.js';
import { CASE_ISSUE_ID } from './case-repo.js';
import { scoreFindings } from './match-findings.js';
import type { CaseRun, EvalCase } from './types.js';

export interface RunCaseInput {
  testCase: EvalCase;
  repo: CaseRepo;
  round: number;
  configPath: string;
  now: () => Date;
  /** Milliseconds, for timing the review; separate from `now`, which the pipeline itself reads. */
  clock: () => number;
}

function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

export function reviewOptions(repo: CaseRepo, configPath: string): ReviewOptions {
  return {
    mode: 'manual',
    refLines: null,
    remote: null,
    range: `${repo.base}..${repo.head}`,
    format: 'json',
    offline: false,
    dryRun: false,
    printPrompt: false,
    noCache: true,
    issues: [CASE_ISSUE_ID],
    config: configPath,
    quiet: true,
    verbose: false,
  };
}

/** Why a report cannot be scored: the model review did not complete, so its findings say nothing. */
function unscoredReason(report: Report): string | null {
  if (report.modelReview === 'done') return null;
  const cause =
    report.errors[0] ?? (report.modelReview === 'skipped' ? 'no model is configured (no API key or base URL)' : 'unknown cause');
  return `model review ${report.modelReview}: ${cause}`;
}

export async function runCase(input: RunCaseInput): Promise<CaseRun> {
  const { testCase, repo, round, configPath, now, clock } = input;
  const ctx: RunContext = { cwd: repo.dir, env: repo.env, stdout: sink(), stderr: sink(), stderrIsTTY: false, stdoutIsTTY: false, now };
  const started = clock();
  const empty: CaseRun = {
    caseId: testCase.id,
    round,
    verdict: null,
    modelReview: null,
    error: null,
    matchedExpected: [],
    counted: 0,
    correct: 0,
    inExpectedFile: 0,
    locatedInRange: 0,
    categoryAgreed: 0,
    rejected: 0,
    rejectedMatching: 0,
    findings: [],
    promptTokens: 0,
    completionTokens: 0,
    requests: 0,
    costUSD: null,
    ms: 0,
  };
  let report: Report | null;
  try {
    report = (await runReview(ctx, reviewOptions(repo, configPath))).report;
  } catch (error) {
    return {
      ...empty,
      error: `the review could not run: ${error instanceof Error ? error.message : String(error)}`,
      ms: clock() - started,
    };
  }
  const ms = clock() - started;
  if (report === null) return { ...empty, error: 'the review found nothing to review', ms };
  const usage = {
    promptTokens: report.usage.promptTokens,
    completionTokens: report.usage.completionTokens,
    requests: report.usage.requests,
    costUSD: report.usage.estimatedCostUSD,
  };
  const error = unscoredReason(report);
  if (error !== null) return { ...empty, ...usage, verdict: report.verdict, modelReview: report.modelReview, error, ms };
  return {
    ...empty,
    ...usage,
    ...scoreFindings(report.findings, testCase.expected),
    verdict: report.verdict,
    modelReview: report.modelReview,
    ms,
  };
}
