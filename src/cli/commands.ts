// cli/: the command-line surface and the run context, everything between the entry file (src/cli.ts,
// the only one that touches `process`) and the pipeline: run-cli.ts dispatches, this file maps commands
// and flags onto the pipeline, run-context.ts is what the pipeline is handed instead of `process`.
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_EXPIRY_DAYS } from '../ack/default-expiry.js';
import type { BlockOn } from '../domain/types.js';
import type { ReviewOptions, RunContext } from './run-context.js';
import { BLOCK_LEVELS, EVAL_FORMATS, type EvalFormat, ON_ERROR, type OnError, REPORT_FORMATS, type ReportFormat } from '../domain/lists.js';

export interface ProgramContext extends RunContext {
  version: string;
  stdinText: string | null;
  /** The installed package's root, so the hook can record where the tool lives. */
  packageRoot: string;
  nodePath: string;
  /** The running node's version, for doctor. */
  nodeVersion: string;
}

interface CommonFlags {
  format: ReportFormat;
  output?: string;
  blockOn?: BlockOn;
  offline?: boolean;
  dryRun?: boolean;
  printPrompt?: boolean;
  /** commander turns --no-cache into cache: false. */
  cache?: boolean;
  issue?: string[];
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
  base?: string;
  head?: string;
}

function addReviewFlags(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('pretty'))
    .option('--output <file>', 'write the report to a file instead of the terminal')
    .addOption(new Option('--block-on <level>', 'lowest severity that blocks').choices(BLOCK_LEVELS))
    .option('--offline', 'deterministic checks only; no model call')
    .option(
      '--dry-run',
      'everything but the model call; say what would be sent, tokens and cost, and how many verification requests may follow',
    )
    .option('--print-prompt', 'print the exact messages that would be sent (implies --dry-run)')
    .option('--no-cache', 'neither read nor write the review cache')
    .option('--issue <id>', 'the tracker issue this push implements (repeatable)', (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .option('--config <path>', 'use this config file instead of searching the repository root')
    .option('--quiet', 'no progress; print the report only when something needs attention')
    .option('--verbose', 'explain what is being reviewed and why');
}

function reviewOptions(
  flags: CommonFlags,
  extra: Partial<ReviewOptions> & Pick<ReviewOptions, 'mode' | 'refLines' | 'remote'>,
): ReviewOptions {
  const options: ReviewOptions = {
    ...extra,
    format: flags.format,
    offline: Boolean(flags.offline),
    dryRun: Boolean(flags.dryRun || flags.printPrompt),
    printPrompt: Boolean(flags.printPrompt),
    noCache: flags.cache === false,
    issues: flags.issue ?? [],
    quiet: Boolean(flags.quiet),
    verbose: Boolean(flags.verbose),
  };
  if (flags.output) options.output = flags.output;
  if (flags.blockOn) options.blockOn = flags.blockOn;
  if (flags.config) options.config = flags.config;
  if (flags.base) options.base = flags.base;
  if (flags.head) options.head = flags.head;
  return options;
}

export function buildProgram(ctx: ProgramContext): { run(argv: string[]): Promise<number> } {
  let exitCode = 0;
  const program = new Command()
    .name('review-hook')
    .description('An LLM code review of exactly what you push, in front of git push.')
    .version(ctx.version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    });

  const review = addReviewFlags(
    program
      .command('review [range]', { isDefault: true })
      .description('review commits that are not pushed yet (default), or A..B, A...B, one commit')
      .option('--base <rev>', 'review from this revision')
      .option('--head <rev>', 'review up to this revision (default HEAD)'),
  );
  // `review` is the default command, so its options work without naming it: list them here too.
  program.addHelpText('after', () => {
    const rows = review.options.map(
      (option) =>
        [option.flags, option.argChoices ? `${option.description}: ${option.argChoices.join(', ')}` : option.description] as const,
    );
    const width = Math.max(...rows.map(([flags]) => flags.length));
    return [
      '',
      'Review options (review-hook [review] [range] [options]):',
      ...rows.map(([flags, description]) => `  ${flags.padEnd(width)}  ${description}`),
    ].join('\n');
  });
  review.action(async (range: string | undefined, flags: CommonFlags) => {
    if (range && (flags.base || flags.head)) throw new UsageError('give either a range or --base/--head, not both');
    const { runReview } = await import('../pipeline/run-review.js');
    const options = reviewOptions(flags, { mode: 'manual', refLines: null, remote: null });
    if (range) options.range = range;
    exitCode = (await runReview(ctx, options)).exitCode;
  });

  addReviewFlags(
    program.command('pre-push <remote> [url]').description("the hook entry: reads git's ref lines on stdin; writes only to stderr"),
  ).action(async (remote: string, _url: string | undefined, flags: CommonFlags) => {
    const { runReview } = await import('../pipeline/run-review.js');
    // In hook mode stdout belongs to `git push`; the report goes to stderr whatever --format says.
    const hookCtx: RunContext = { ...ctx, stdout: ctx.stderr, stdoutIsTTY: ctx.stderrIsTTY };
    exitCode = (await runReview(hookCtx, reviewOptions(flags, { mode: 'hook', refLines: ctx.stdinText, remote }))).exitCode;
  });

  program
    .command('ci')
    .description("review a pull/merge request's range in CI (GitHub Actions, GitLab CI), or --base/--head elsewhere")
    .addOption(new Option('--format <format>', 'report format (default: github in GitHub Actions, else pretty)').choices(REPORT_FORMATS))
    .option('--output <file>', 'write the report to a file (e.g. gl-code-quality-report.json)')
    .addOption(new Option('--block-on <level>', 'lowest severity that blocks').choices(BLOCK_LEVELS))
    .addOption(
      new Option('--on-error <what>', 'what the job gets when the model review cannot complete (overrides onError)').choices(ON_ERROR),
    )
    .option('--base <rev>', 'outside GitHub and GitLab: the target branch (the review is what --head adds since it left it)')
    .option('--head <rev>', 'outside GitHub and GitLab: the commit under review (default HEAD)')
    .option('--remote <name>', 'the remote to fetch missing history from', 'origin')
    .option('--no-fetch', 'never fetch; a shallow clone without the merge base is an error')
    .option('--offline', 'deterministic checks only; no model call')
    .option('--no-cache', 'neither read nor write the review cache')
    .option('--config <path>', 'use this config file instead of searching the repository root')
    .option('--quiet', 'no progress; print the report only when something needs attention')
    .option('--verbose', 'explain what is being reviewed and why')
    .action(async (flags: CommonFlags & { onError?: OnError; remote: string; fetch?: boolean }) => {
      const { runCi } = await import('../ci/run-ci.js');
      exitCode = await runCi(ctx, {
        ...(flags.format ? { format: flags.format } : {}),
        ...(flags.output ? { output: flags.output } : {}),
        ...(flags.blockOn ? { blockOn: flags.blockOn } : {}),
        ...(flags.onError ? { onError: flags.onError } : {}),
        ...(flags.base ? { base: flags.base } : {}),
        ...(flags.head ? { head: flags.head } : {}),
        ...(flags.config ? { config: flags.config } : {}),
        remote: flags.remote,
        fetch: flags.fetch !== false,
        offline: Boolean(flags.offline),
        noCache: flags.cache === false,
        quiet: Boolean(flags.quiet),
        verbose: Boolean(flags.verbose),
      });
    });

  const hookCommands = [
    ['install', 'add the pre-push hook (husky when the repository uses it); never clobbers other hooks'],
    ['uninstall', 'remove the pre-push hook block added by install'],
  ] as const;
  for (const [name, description] of hookCommands) {
    program
      .command(name)
      .description(description)
      .action(async () => {
        const [hooks, { createSetupGit }] = await Promise.all([import('../install/install-hook.js'), import('../git/setup-git.js')]);
        const run = name === 'install' ? hooks.installHook : hooks.uninstallHook;
        const result = await run({
          git: createSetupGit(ctx.cwd, ctx.env),
          cliPath: join(ctx.packageRoot, 'bin', 'review-hook.js'),
          nodePath: ctx.nodePath,
          env: ctx.env,
        });
        printLines(ctx.stdout, [`review-hook: ${result.action}: ${result.file}`, ...result.messages]);
      });
  }

  program
    .command('init')
    .description('write .reviewrc.json with the defaults; never overwrites')
    .action(async () => {
      const { initConfig } = await import('../config/init-config.js');
      const root = await repoRoot(ctx);
      const result = await initConfig(root);
      printLines(ctx.stdout, [
        'written' in result
          ? `review-hook: wrote ${result.written}`
          : `review-hook: a config file already exists: ${result.exists} (left unchanged)`,
      ]);
    });

  program
    .command('config')
    .description('show the resolved configuration and where each value came from')
    .option('--json', 'print as JSON')
    .option('--config <path>', 'use this config file instead of searching the repository root')
    .action(async (flags: { json?: boolean; config?: string }) => {
      const [{ loadConfig }, { formatConfig, withEndpointFromEnv }] = await Promise.all([
        import('../config/load-config.js'),
        import('../config/show-config.js'),
      ]);
      const loaded = await loadConfig({
        repoRoot: await repoRoot(ctx),
        explicitPath: flags.config ?? ctx.env.REVIEW_HOOK_CONFIG ?? null,
        env: ctx.env,
        nodePath: ctx.nodePath,
      });
      ctx.stdout.write(`${formatConfig(withEndpointFromEnv(loaded, ctx.env), flags.json ? 'json' : 'text').trimEnd()}\n`);
    });

  program
    .command('ack [ids...]')
    .description(`acknowledge findings of the last review in the committed .review-acks.jsonl (they stop blocking); --list, --prune`)
    .option('--reason <why>', 'why the finding is not a problem (required with ids); recorded with who and when')
    .option('--expires <when>', `when the acknowledgement stops applying: 90d, 12w, YYYY-MM-DD or never (default: ${DEFAULT_EXPIRY_DAYS}d)`)
    .option('--list', 'show the acknowledgements, expired ones marked')
    .option('--prune', 'drop the expired acknowledgements from the file')
    .action(async (ids: string[], flags: { reason?: string; expires?: string; list?: boolean; prune?: boolean }) => {
      const [{ runAckCommand }, { createGit }] = await Promise.all([import('../ack/ack-command.js'), import('../git/exec-git.js')]);
      const lines = await runAckCommand({ git: createGit(ctx.cwd, ctx.env), env: ctx.env, now: ctx.now(), ids, ...flags });
      printLines(ctx.stdout, lines);
    });

  program
    .command('eval')
    .description('measure the gate with your model: review planted defects and clean changes, score recall, precision and false blocks')
    .option('--cases <dir>', 'a folder of cases (default: the cases shipped with review-hook)')
    .option('--from-history <n>', 'also build cases from the last <n> commits that revert or fix an earlier one')
    .option('--repeat <n>', 'review each case <n> times to see the variance', '1')
    .addOption(new Option('--format <format>', 'report format').choices(EVAL_FORMATS).default('pretty'))
    .option('--output <file>', 'write the report to a file instead of the terminal')
    .option('--config <path>', 'use this config file instead of searching the repository root')
    .option('--quiet', 'no progress lines')
    .action(
      async (flags: {
        cases?: string;
        fromHistory?: string;
        repeat: string;
        format: EvalFormat;
        output?: string;
        config?: string;
        quiet?: boolean;
      }) => {
        const [{ runEval, checkCount, MAX_REPEAT }, { renderEval }, { useColor }] = await Promise.all([
          import('../eval/run-eval.js'),
          import('../eval/render-eval.js'),
          import('../report/use-color.js'),
        ]);
        const result = await runEval({
          cwd: ctx.cwd,
          env: ctx.env,
          casesDir: flags.cases ?? null,
          shippedCasesDir: join(ctx.packageRoot, 'eval-cases'),
          fromHistory: flags.fromHistory === undefined ? null : checkCount('--from-history', flags.fromHistory, 10_000),
          repeat: checkCount('--repeat', flags.repeat, MAX_REPEAT),
          config: flags.config ?? null,
          now: ctx.now,
          onProgress: (line) => {
            if (!flags.quiet) ctx.stderr.write(`review-hook: ${line}\n`);
          },
        });
        const text = renderEval(flags.format, result, !flags.output && useColor(ctx.stdoutIsTTY, ctx.env));
        if (flags.output) {
          const { writeOutput } = await import('../report/write-output.js');
          await writeOutput(ctx.cwd, flags.output, text);
          ctx.stderr.write(`review-hook: eval report written to ${flags.output}\n`);
        } else {
          ctx.stdout.write(text);
        }
      },
    );

  program
    .command('doctor')
    .description('git, config, credentials, endpoint, hook: what is wrong and how to fix it')
    .option('--config <path>', 'use this config file instead of searching the repository root')
    .action(async (flags: { config?: string }) => {
      const [{ runDoctor, formatDoctor }, { createSetupGit }] = await Promise.all([
        import('../doctor/run-doctor.js'),
        import('../git/setup-git.js'),
      ]);
      const results = await runDoctor({
        git: createSetupGit(ctx.cwd, ctx.env),
        env: ctx.env,
        explicitConfig: flags.config ?? ctx.env.REVIEW_HOOK_CONFIG ?? null,
        endpointTimeoutMs: 10_000,
        nodeVersion: ctx.nodeVersion,
      });
      ctx.stdout.write(`${formatDoctor(results)}\n`);
      exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
    });

  return {
    async run(argv) {
      try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
      } catch (error) {
        if (error instanceof CommanderError) {
          // Help and version are successes; everything else commander rejects is a usage error.
          return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
      }
    },
  };
}

/** The repository's top for init and config, through the setup git layer. */
async function repoRoot(ctx: RunContext): Promise<string> {
  const [{ createSetupGit }, { setupRepoRoot }] = await Promise.all([import('../git/setup-git.js'), import('../git/setup-repo.js')]);
  return setupRepoRoot(createSetupGit(ctx.cwd, ctx.env));
}

function printLines(stream: Writable, lines: string[]): void {
  for (const line of lines) stream.write(`${line}\n`);
}
