// The shapes eval works with: a case (what is changed, what the task asked, what should be found),
// the outcome of reviewing it once, and the scores. Plain data; see README "Measuring the gate".
import type { ModelStatus } from '../domain/lists.js';
import type { Category, Severity } from '../domain/types.js';

/** One finding a case expects the review to raise. */
export interface ExpectedFinding {
  /** Path in the case's repository; null for a finding about the change as a whole (a missing requirement). */
  file: string | null;
  /** First and last line of the defect in the file after the change (new-file line numbers). */
  startLine: number | null;
  endLine: number | null;
  /** The lowest severity that counts as finding it. */
  severity: Severity;
  /** Reported for agreement; required (and matched) only when `file` is null. */
  category: Category | null;
  /** What the defect is, for people reading the report; never sent to the model. */
  note: string;
}

export interface EvalTask {
  title: string;
  description: string;
  /** Acceptance criteria, one per line, as a tracker would hold them. */
  acceptance: string;
}

export interface EvalCase {
  /** The case folder's name (or `history-<sha>` for a case built from history). */
  id: string;
  /** Where it came from: a folder, or the commits it was built from. */
  source: string;
  language: string;
  task: EvalTask;
  /** Files of the base commit: path → content. */
  before: Map<string, Buffer>;
  /** Files the change adds or rewrites: path → content. */
  after: Map<string, Buffer>;
  /** Files the change deletes. */
  deleted: string[];
  /** Empty for a clean change, which must not block. */
  expected: ExpectedFinding[];
}

/** One review of one case. */
export interface CaseRun extends MatchResult {
  caseId: string;
  /** 1-based repetition. */
  round: number;
  verdict: 'allow' | 'block' | null;
  /** The model review's status as the report gives it; anything but "done" leaves the run unscored. */
  modelReview: ModelStatus | null;
  /** Why the run could not be scored, when it could not. */
  error: string | null;
  promptTokens: number;
  completionTokens: number;
  requests: number;
  costUSD: number | null;
  ms: number;
}

/** How one run's findings compare with the case's expected findings (see match-findings.ts). */
export interface MatchResult {
  /** Expected findings matched by at least one finding, by index into the case's `expected`. */
  matchedExpected: number[];
  /** Findings counted for precision (severity important or above). */
  counted: number;
  /** Counted findings that match an expected finding. */
  correct: number;
  /** Counted findings in an expected finding's file at a high enough severity, whatever the line. */
  inExpectedFile: number;
  /** Of those, the ones whose lines are within the expected range (with the tolerance). */
  locatedInRange: number;
  /** Matches whose category is the expected one. */
  categoryAgreed: number;
  /** Findings verification rejected (left out of recall and precision), and those of them on a planted defect. */
  rejected: number;
  rejectedMatching: number;
  /** The findings, as id, severity, file:line, title and how they were scored. */
  findings: ScoredFinding[];
}

export interface ScoredFinding {
  id: string;
  severity: Severity;
  category: Category;
  file: string | null;
  line: number | null;
  title: string;
  /**
   * `match`: matches an expected finding; `false-positive`: counted and matches none; `not-counted`:
   * minor; `rejected`: verification rejected it, so it never blocked.
   */
  score: 'match' | 'false-positive' | 'not-counted' | 'rejected';
}
