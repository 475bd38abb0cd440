// What the entry file hands to the pipeline instead of `process`: the run context (cwd, env, streams,
// clock) and the review's options, filled in by the CLI (commands.ts) and read by the pipeline.
import type { Writable } from 'node:stream';
import type { Env } from '../domain/env.js';
import type { OnError, ReportFormat } from '../domain/lists.js';
import type { BlockOn, Report } from '../domain/types.js';

export interface RunContext {
  cwd: string;
  env: Env;
  /** Where the report goes in a manual run. In hook mode nothing is written here. */
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  now: () => Date;
  /** The running node binary, for code run in a child (a JavaScript config); 'node' from PATH when absent. */
  nodePath?: string;
}

export interface ReviewOptions {
  mode: 'hook' | 'manual';
  /**
   * Hook mode: git's ref lines, read in full before anything else starts. Null when stdin was a
   * terminal (someone ran the hook by hand): then the default range is reviewed instead.
   */
  refLines: string | null;
  remote: string | null;
  /** Manual mode: a range (A..B, A...B, one commit) or explicit ends. */
  range?: string;
  base?: string;
  head?: string;
  format: ReportFormat;
  output?: string;
  blockOn?: BlockOn;
  /** Overrides the config's onError for this run (`review-hook ci --on-error block`: fail closed in CI). */
  onError?: OnError;
  offline: boolean;
  /** Everything but the model call; say what would be sent (files, requests, tokens, cost). */
  dryRun: boolean;
  /** Print the exact messages that would be sent; implies dryRun. */
  printPrompt: boolean;
  /** Bypass the review cache for this run (neither read nor written). */
  noCache: boolean;
  /** Tracker issue ids given with --issue, in order; they take precedence over ids found in commits. */
  issues: string[];
  config?: string;
  quiet: boolean;
  verbose: boolean;
}

/** Options for the hook as git runs it (`pre-push <remote> <url>`, no flags). */
export function hookReviewOptions(refLines: string | null, remote: string | null): ReviewOptions {
  return {
    mode: 'hook',
    refLines,
    remote,
    format: 'pretty',
    offline: false,
    dryRun: false,
    printPrompt: false,
    noCache: false,
    issues: [],
    quiet: false,
    verbose: false,
  };
}

export interface ReviewOutcome {
  exitCode: 0 | 1;
  report: Report | null;
}
