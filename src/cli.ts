// The entry file: the only place that touches `process`. It reads argv, env and stdin, hands them
// to the pipeline as plain values, prints errors, and sets the exit code:
// 0 allowed, 1 blocked, 2 usage, configuration or internal error.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReviewHookError } from './errors.js';

const EXIT_ERROR = 2;
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Reads all of stdin, or returns null when stdin is a terminal (the hook run by hand). */
async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reportError(error: unknown, hookMode: boolean, verbose: boolean): void {
  const err = process.stderr;
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

async function main(argv: string[]): Promise<number> {
  // Fast paths that must not pay for loading the CLI parser or anything else.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const hookMode = argv[0] === 'pre-push';
  // Stdin carries git's ref lines: read it in full before any spinner or prompt exists.
  const stdinText = hookMode ? await readStdin() : null;

  const verbose = argv.includes('--verbose');
  const context = {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinText,
    packageRoot,
    nodePath: process.execPath,
    nodeVersion: process.versions.node,
    now: () => new Date(),
  };
  try {
    // git runs the hook as `pre-push <remote> <url>`: skip the CLI parser, which costs start-up time.
    if (hookMode && argv.length <= 3 && argv.every((arg) => !arg.startsWith('-'))) {
      const [{ runReview }, { hookReviewOptions }] = await Promise.all([import('./review/run-review.js'), import('./review/context.js')]);
      const hookContext = { ...context, stdout: process.stderr, stdoutIsTTY: context.stderrIsTTY };
      return (await runReview(hookContext, hookReviewOptions(stdinText, argv[1] ?? null))).exitCode;
    }
    const { buildProgram } = await import('./commands.js');
    return await buildProgram({ ...context, version: version() }).run(argv);
  } catch (error) {
    reportError(error, hookMode, verbose);
    return EXIT_ERROR;
  }
}

// Ctrl-C: stop at once. Files are written atomically, so nothing half-written is left behind.
process.once('SIGINT', () => {
  process.stderr.write('\nreview-hook: interrupted\n');
  process.exit(130);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportError(error, process.argv[2] === 'pre-push', true);
    process.exitCode = EXIT_ERROR;
  },
);
