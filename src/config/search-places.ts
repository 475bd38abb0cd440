// Where a configuration file may live, relative to the repository root. cosmiconfig 9's defaults for
// the module name `review` (kept here so callers need not load cosmiconfig to know them; a test keeps
// the two in step), plus review.config.json/yaml, which people expect and cosmiconfig lacks.
export const MODULE_NAME = 'review';

export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.reviewrc',
  '.reviewrc.json',
  '.reviewrc.yaml',
  '.reviewrc.yml',
  '.reviewrc.js',
  '.reviewrc.ts',
  '.reviewrc.cjs',
  '.reviewrc.mjs',
  '.config/reviewrc',
  '.config/reviewrc.json',
  '.config/reviewrc.yaml',
  '.config/reviewrc.yml',
  '.config/reviewrc.js',
  '.config/reviewrc.ts',
  '.config/reviewrc.cjs',
  '.config/reviewrc.mjs',
  'review.config.js',
  'review.config.ts',
  'review.config.cjs',
  'review.config.mjs',
  'review.config.json',
  'review.config.yaml',
];
