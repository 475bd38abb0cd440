// The JSON report's keys as the contract (DESIGN.md, README "The JSON report") lists them, in its
// order: what every layer checks `--format json` and last-review.json against.
export const CONTRACT_KEYS = [
  'version',
  'verdict',
  'override',
  'ranges',
  'findings',
  'strengths',
  'requirements',
  'coverage',
  'usage',
  'errors',
] as const;

/** A finding of the JSON report (README "The JSON report"). */
export interface JsonFinding {
  id: string;
  severity: string;
  category: string;
  file: string | null;
  line: number | null;
  endLine: number | null;
  title: string;
  detail: string;
  source: string;
  located: boolean;
  acknowledgement: { reason: string; by: string; at: string; expires: string | null } | null;
  fingerprint: string;
  verification: { status: string; reason: string } | null;
  commit?: string;
  allowedByConfig?: string;
}

/** The JSON report as `--format json` prints it and last-review.json keeps it. */
export interface JsonReport {
  version: number;
  verdict: string;
  override: { source: string; reason: string } | null;
  ranges: Array<{ ref: string; base: string; head: string; commits: string[] }>;
  findings: JsonFinding[];
  strengths: string[];
  requirements: Array<{ requirement: string; status: string; evidence: string }>;
  coverage: { reviewed: string[]; skipped: Array<{ file: string; reason: string }> };
  usage: { requests: number; promptTokens: number; completionTokens: number; cached: boolean; estimatedCostUSD: number | null };
  errors: string[];
  summary: string;
  modelReview: string;
  task: Array<{ id: string; title: string; foundBy: string }>;
  plans: Array<{ path: string; sections: string[] }>;
  resolved?: string[];
  noLongerChecked?: string[];
  expiredAcknowledgements?: string[];
}
