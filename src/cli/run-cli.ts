// Everything the entry file does below `process`: dispatch argv to the hook's fast path or the
// command program, and turn errors into messages and exit code 2. The entry file (src/cli.ts) hands
// it the process's streams and values; tests hand it in-memory ones and run the whole pipeline
// in-process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramContext } from './commands.js';
import { ReviewHookError } from '../errors.js';
// Small, and needed by the hook on every push: loaded with this file rather than as one more file after it.
import { hookReviewOptions } from './run-context.js';

const EXIT_ERROR = 2;

/** What the entry file gathers from the process; the version is read here. */
export type CliContext = Omit<ProgramContext, 'version'>;

/** From the package root the entry file hands in: this module's own place differs between src/ and the bundle's chunks. */
function version(packageRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** True when argv is git running the hook, whose ref lines arrive on stdin. */
export const isHookMode = (argv: string[]): boolean => argv[0] === 'pre-push';

export function reportError(error: unknown, err: ProgramContext['stderr'], hookMode: boolean, verbose: boolean): void {
  if (error instanceof ReviewHookError) {
    err.write(`review-hook: error: ${error.message}\n`);
    if (error.hint) err.write(`review-hook: ${error.hint}\n`);
  } else {
    err.write(`review-hook: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (verbose && error instanceof Error && error.stack) err.write(`${error.stack}\n`);
  if (hookMode) {
    err.write('review-hook: the push was stopped because the review could not run. Fix the problem above,\n');
    err.write('review-hook: or skip the review once with REVIEW_HOOK_SKIP=1 git push (recorded in the audit log).\n');
  }
}

/** Runs one command line; resolves to the exit code (0 allowed, 1 blocked, 2 error). */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  // Fast paths that must not pay for loading the CLI parser or anything else.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    context.stdout.write(`${version(context.packageRoot)}\n`);
    return 0;
  }
  const hookMode = isHookMode(argv);
  const verbose = argv.includes('--verbose');
  try {
    // git runs the hook as `pre-push <remote> <url>`: skip the CLI parser, which costs start-up time.
    if (hookMode && argv.length <= 3 && argv.every((arg) => !arg.startsWith('-'))) {
      const { runReview } = await import('../pipeline/run-review.js');
      // In hook mode git forwards stdout to `git push`'s stdout: the report goes to stderr.
      const hookContext = { ...context, stdout: context.stderr, stdoutIsTTY: context.stderrIsTTY };
      return (await runReview(hookContext, hookReviewOptions(context.stdinText, argv[1] ?? null))).exitCode;
    }
    const { buildProgram } = await import('./commands.js');
    return await buildProgram({ ...context, version: version(context.packageRoot) }).run(argv);
  } catch (error) {
    reportError(error, context.stderr, hookMode, verbose);
    return EXIT_ERROR;
  }
}
