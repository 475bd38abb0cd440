// The programmatic API: the pipeline's types and the review itself, for scripts and tests.
export type * from './domain/types.js';
export type { ReviewConfig, LoadedConfig } from './config/types.js';
export type { ReviewOptions, RunContext } from './cli/run-context.js';
export { runReview } from './pipeline/run-review.js';
export { ReviewHookError, UsageError, ConfigError, GitError, ModelError, InstallError } from './errors.js';
