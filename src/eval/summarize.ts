// Turns case runs into scores: per case, per repetition, and the spread over repetitions. Pure.
//   recall          expected findings matched / expected findings, over defect cases
//   precision       counted findings that match / counted findings (critical and important), all cases
//   falseBlockRate  clean cases whose review blocked / clean cases
//   defectBlockRate defect cases whose review blocked / defect cases
//   location        counted findings in an expected file whose lines are in range / those in the file
// Runs whose model review did not complete are left out of every ratio and listed as errors. A
// ratio with nothing to divide by is null ("n/a"), never 0 or 1.
import type { CaseRun, EvalCase } from './types.js';

export interface Scores {
  recall: number | null;
  precision: number | null;
  falseBlockRate: number | null;
  defectBlockRate: number | null;
  locationAccuracy: number | null;
  categoryAgreement: number | null;
  expected: number;
  found: number;
  counted: number;
  correct: number;
  cleanCases: number;
  cleanBlocked: number;
  defectCases: number;
  defectBlocked: number;
  scoredRuns: number;
  failedRuns: number;
  /** Findings verification rejected, and those of them that matched a planted defect (the verifier was wrong). */
  rejected: number;
  rejectedMatching: number;
  promptTokens: number;
  completionTokens: number;
  requests: number;
  /** Null when no run had a price (pricing not configured for the model). */
  costUSD: number | null;
  ms: number;
}

export interface Spread {
  min: number | null;
  mean: number | null;
  max: number | null;
}

export interface CaseSummary {
  id: string;
  language: string;
  kind: 'defect' | 'clean';
  expected: number;
  scores: Scores;
  runs: CaseRun[];
}

export interface EvalSummary {
  cases: CaseSummary[];
  /** Totals over every run of every case. */
  total: Scores;
  /** One total per repetition, so the spread shows how much the model varies. */
  rounds: Scores[];
  spread: Record<'recall' | 'precision' | 'falseBlockRate' | 'defectBlockRate' | 'locationAccuracy', Spread>;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function scoreRuns(runs: readonly CaseRun[], cases: ReadonlyMap<string, EvalCase>): Scores {
  let expected = 0,
    found = 0,
    counted = 0,
    correct = 0,
    inFile = 0,
    located = 0,
    agreed = 0,
    matches = 0;
  let cleanCases = 0,
    cleanBlocked = 0,
    defectCases = 0,
    defectBlocked = 0,
    scoredRuns = 0,
    failedRuns = 0;
  let promptTokens = 0,
    completionTokens = 0,
    requests = 0,
    ms = 0,
    rejected = 0,
    rejectedMatching = 0;
  let costUSD: number | null = null;
  for (const run of runs) {
    promptTokens += run.promptTokens;
    completionTokens += run.completionTokens;
    requests += run.requests;
    ms += run.ms;
    if (run.costUSD !== null) costUSD = (costUSD ?? 0) + run.costUSD;
    if (run.error !== null) {
      failedRuns++;
      continue;
    }
    scoredRuns++;
    const testCase = cases.get(run.caseId);
    const defect = (testCase?.expected.length ?? 0) > 0;
    if (defect) {
      defectCases++;
      if (run.verdict === 'block') defectBlocked++;
      expected += testCase?.expected.length ?? 0;
      found += run.matchedExpected.length;
    } else {
      cleanCases++;
      if (run.verdict === 'block') cleanBlocked++;
    }
    counted += run.counted;
    correct += run.correct;
    inFile += run.inExpectedFile;
    located += run.locatedInRange;
    agreed += run.categoryAgreed;
    matches += run.correct;
    rejected += run.rejected;
    rejectedMatching += run.rejectedMatching;
  }
  return {
    recall: ratio(found, expected),
    precision: ratio(correct, counted),
    falseBlockRate: ratio(cleanBlocked, cleanCases),
    defectBlockRate: ratio(defectBlocked, defectCases),
    locationAccuracy: ratio(located, inFile),
    categoryAgreement: ratio(agreed, matches),
    expected,
    found,
    counted,
    correct,
    cleanCases,
    cleanBlocked,
    defectCases,
    defectBlocked,
    scoredRuns,
    failedRuns,
    rejected,
    rejectedMatching,
    promptTokens,
    completionTokens,
    requests,
    costUSD,
    ms,
  };
}

function spreadOf(values: Array<number | null>): Spread {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return { min: null, mean: null, max: null };
  return { min: Math.min(...known), mean: known.reduce((a, b) => a + b, 0) / known.length, max: Math.max(...known) };
}

export function summarize(cases: readonly EvalCase[], runs: readonly CaseRun[]): EvalSummary {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const caseSummaries: CaseSummary[] = cases.map((c) => {
    const own = runs.filter((r) => r.caseId === c.id);
    return {
      id: c.id,
      language: c.language,
      kind: c.expected.length > 0 ? 'defect' : 'clean',
      expected: c.expected.length,
      scores: scoreRuns(own, byId),
      runs: own,
    };
  });
  const roundNumbers = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  const rounds = roundNumbers.map((n) =>
    scoreRuns(
      runs.filter((r) => r.round === n),
      byId,
    ),
  );
  const keys = ['recall', 'precision', 'falseBlockRate', 'defectBlockRate', 'locationAccuracy'] as const;
  const spread = Object.fromEntries(keys.map((k) => [k, spreadOf(rounds.map((r) => r[k]))])) as EvalSummary['spread'];
  return { cases: caseSummaries, total: scoreRuns(runs, byId), rounds, spread };
}
