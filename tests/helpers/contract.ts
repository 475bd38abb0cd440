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
