// The pipeline's stages after the ranges, each a function from one typed value to the next:
// gather → check → plan → (ask → review) → decide → emit. run-review.ts calls them in order.
import { statePaths } from '../state/paths.js';
import type { ReviewConfig } from '../config/types.js';
import { writeOutput } from '../report/write-output.js';
import { sumUsage } from '../domain/usage.js';
import { ACK_FILE, isExpired } from '../ack/ack-file.js';
import { applyAcks } from '../ack/apply-acks.js';
import { loadAcksAt } from '../ack/load-acks.js';
import { checkPushedHistory } from '../checks/check-history.js';
import { isAllowedFinding, isCheckEnabled } from '../checks/registry.js';
import { redactChangeset, redactTexts } from '../checks/redact.js';
import { currentBranch, pushedBranch } from '../context/branch.js';
import { missingRequirementFindings } from '../findings/missing-requirements.js';
import { describePrevious, resolvedFindings, stillChecked } from '../findings/previous-round.js';
import { writeRoundState } from '../state/round-state.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import { collectChangeset } from '../git/changeset.js';
import { readCommitTime, readConfigScoped, readTrailer } from '../git/commits.js';
import type { Git } from '../git/exec-git.js';
import { type Decision, decide as decidePolicy, wouldBlock } from '../policy/decide.js';
import { missingKey, resolveEndpoint } from '../providers/resolve-endpoint.js';
import { resolveOverride as resolveGivenOverride } from '../policy/overrides.js';
import type { Progress } from '../progress.js';
import { assignIds } from '../findings/finding-ids.js';
import { reporters } from '../report/index.js';
import { writeLastReview } from '../state/last-review.js';
import { type OnWriteFailure, writeOrWarn } from '../state/write-failure.js';
import { findingFingerprint, readBlockedRefs, recordBlockedRefs } from '../state/blocked-refs.js';
import { trailerStanding } from '../overrides/trailer-standing.js';
import type { Changeset, Finding, Override, PushRange, Report } from '../domain/types.js';
import type { SecretValue } from '../checks/types.js';
import type { VerifyResult } from '../verify/run-verification.js';
import { DEFAULT_MAX_COMMITS } from '../git/size-limits.js';
import type { ReviewOptions, ReviewOutcome, RunContext } from '../cli/run-context.js';
import type { RangesToReview } from './ranges.js';
import type { AckEntry } from '../ack/ack-file.js';
import { coverageAfter, emitDryRun } from './dry-run.js';
import { type ModelPhaseResult, type ModelPlan, planModelReview, runModelReview } from '../review/model-phase.js';
import { preloadForReview } from '../review/preload.js';
import { recordAudit } from '../state/record-audit.js';
import { useColor } from '../report/use-color.js';

/** How long the terminal prompt waits for an answer before it counts as "no". */
const PROMPT_TIMEOUT_MS = 60_000;

type TaskContext = NonNullable<Awaited<ReturnType<typeof import('../context/gather-task-context.js').gatherTaskContext>>>;

/** After gather: the config, the changeset, the task and the acknowledgements. */
export interface Gathered extends RangesToReview {
  config: ReviewConfig;
  changeset: Changeset;
  /** Null offline (no tracker program is run then). */
  task: TaskContext | null;
  acks: Awaited<ReturnType<typeof loadAcksAt>>;
}

/** After check: the deterministic checks' findings, and what may be sent with every secret they found replaced. */
export interface Checked extends Gathered {
  checked: Awaited<ReturnType<typeof checkPushedHistory>>;
  redactedChangeset: Changeset;
  /** The task text as sent (redacted, with the live acknowledgements); null without a task. */
  sendTask: (TaskContext & { acknowledged: AckEntry[] }) | null;
}

/** After plan: the requests the model would get. A dry run prints `modelPlan.dryRun` and stops here. */
export interface Planned extends Checked {
  modelPlan: ModelPlan;
}

/** After the model's requests. */
export interface Asked extends Planned {
  model: ModelPhaseResult;
}

/** After review: every finding placed, numbered, matched to acknowledgements and (when it would block) verified. */
export interface Reviewed extends Asked {
  findings: Finding[];
  verified: VerifyStageResult;
  expiredAcknowledgements: string[];
  resolved: string[] | undefined;
  noLongerChecked: string[];
}

/** After decide: the verdict (with any override the person gave) and the report that says it. */
export interface Decided extends Reviewed {
  decision: Decision;
  override: Override | null;
  report: Report;
  /** The report was already shown, before the terminal prompt. */
  shown: boolean;
}

/** Gather: the config, then what is pushed (changeset), what it was meant to do (task) and what is acknowledged. */
export async function gather(input: RangesToReview): Promise<Gathered> {
  const { ctx, options, git, repo, progress, fromRefLines, resolveRanges } = input;
  let { ranges, notes } = input;
  // Loaded here, not at the top: validation pulls in zod, which a push with nothing new never needs.
  const { loadConfig } = await import('../config/load-config.js');
  const loaded = await loadConfig({
    repoRoot: repo.toplevel ?? ctx.cwd,
    explicitPath: options.config ?? ctx.env.REVIEW_HOOK_CONFIG ?? null,
    env: ctx.env,
    flags: { ...(options.blockOn ? { blockOn: options.blockOn } : {}), ...(options.onError ? { onError: options.onError } : {}) },
    ...(ctx.nodePath === undefined ? {} : { nodePath: ctx.nodePath }),
  });
  const config = loaded.config;
  preloadForReview({ offline: options.offline, dryRun: options.dryRun, scansSecrets: isCheckEnabled(config, 'secrets') });
  progress.detail(`config: ${loaded.file ?? 'defaults (no config file found)'}`);
  if (config.maxCommits !== DEFAULT_MAX_COMMITS) ({ ranges, notes } = await resolveRanges(config.maxCommits));
  for (const note of notes) progress.warn(note);
  for (const range of ranges) for (const note of range.notes) progress.warn(note);

  const changeset = await collectChangeset(git, repo, ranges, config);
  // What the push was meant to do. Offline means no model and no tracker program (which may use the network),
  // so the tracker and document readers are loaded only here.
  const task = options.offline
    ? null
    : await (await import('../context/gather-task-context.js')).gatherTaskContext({
        git,
        repo,
        changeset,
        config,
        issueIds: options.issues,
        env: ctx.env,
        commonDir: repo.commonDir,
        branch: fromRefLines ? pushedBranch(ranges) : await currentBranch(git),
      });
  for (const warning of task?.warnings ?? []) progress.warn(warning);
  if (task && task.issues.length > 0) progress.detail(`task: ${task.issues.join(', ')}`);
  // Acknowledged findings, as committed at the pushed heads: they never block, and the model is told of them.
  const acks = await loadAcksAt(
    git,
    ranges.map((r) => r.head),
  );
  for (const problem of acks.problems) progress.warn(problem);
  const commitCount = new Set(ranges.flatMap((r) => r.commits)).size;
  progress.detail(`ranges: ${ranges.map((r) => `${r.ref} ${r.base.slice(0, 12)}..${r.head.slice(0, 12)}`).join(', ')}`);
  await progress.start(
    `reviewing ${plural(commitCount, 'commit')}, ${plural(changeset.files.length, 'file')}${modelWords(options, config, ctx.env, changeset.files.length)}`,
  );
  return { ...input, ranges, notes, config, changeset, task, acks };
}

/**
 * Check: the checks read every pushed commit's added lines, never-sent files included, and its message;
 * the model reads the net change, and only a copy with every secret found replaced by a marker.
 * The model still runs when a check already blocks, so all findings are shown at once.
 */
export async function check(input: Gathered): Promise<Checked> {
  const { git, ranges, config, changeset, task, progress, ctx } = input;
  const checked = await checkPushedHistory(git, ranges, config);
  // Offline nothing is sent, so there is nothing to redact (and the scan of the whole diff is saved).
  const redacted = input.options.offline ? { changeset, count: 0, kinds: [] } : await redactChangeset(changeset, checked.secrets);
  if (redacted.count > 0) progress.detail(`redacted ${plural(redacted.count, 'secret')} (${redacted.kinds.join(', ')}) from what is sent`);
  // The task text goes to the model too: tracker text, plan excerpts and commit messages can hold secrets.
  const sendTask = task
    ? {
        ...task,
        ...(await redactTexts(
          {
            taskContext: task.taskContext,
            implemented: task.implemented,
            requirements: task.requirements,
            previousRound: task.previousRound,
          },
          checked.secrets,
        )),
        acknowledged: input.acks.entries.filter((e) => !isExpired(e, ctx.now())),
      }
    : null;
  return { ...input, checked, redactedChangeset: redacted.changeset, sendTask };
}

function modelInput(input: Checked) {
  const { git, config, ctx, options, repo, progress, sendTask } = input;
  return {
    git,
    changeset: input.redactedChangeset,
    config,
    env: ctx.env,
    offline: options.offline,
    onProgress: (text: string) => progress.update(text),
    commonDir: repo.commonDir,
    noCache: options.noCache,
    now: ctx.now,
    onWriteFailure: input.writeFailures.record,
    ...(sendTask ? { task: sendTask } : {}),
  };
}

/** Plan: the requests within the token budgets, counted, and whether the cache holds their review. Nothing is sent. */
export async function plan(input: Checked): Promise<Planned> {
  // A real run plans only what it can send; a dry run plans everything, to say what would be sent.
  return { ...input, modelPlan: await planModelReview(modelInput(input), input.options.dryRun ? 'show' : 'send') };
}

/** --dry-run / --print-prompt: say what would be sent; nothing was, so nothing is decided. */
export async function emitPlan(input: Planned): Promise<ReviewOutcome> {
  await emitDryRun(input.ctx, input.options, input.modelPlan.dryRun);
  return { exitCode: 0, report: null };
}

/** Review, the model's part: the planned requests sent (or the cached review reused) and their answers assembled. */
export async function ask(input: Planned): Promise<Asked> {
  return { ...input, model: await runModelReview(input.modelPlan, modelInput(input)) };
}

/** Review, the findings' part: placed and numbered, acknowledgements applied, the blocking ones verified. */
export async function review(input: Asked): Promise<Reviewed> {
  const { ctx, progress, model, checked, config, task, acks } = input;
  for (const note of model.notes) progress.warn(note);
  for (const note of checked.notes) progress.warn(note);
  // A requirement the model marks missing is a task finding, even if it only said so in the checklist
  // (not after a partial review: the missing piece may be in a part that was never answered).
  const missing = model.status === 'done' ? missingRequirementFindings(model.requirements, model.findings) : [];
  const acknowledged = applyAcks(
    assignIds([...checked.findings, ...checked.allowed, ...model.findings, ...missing]),
    acks.entries,
    ctx.now(),
  );
  // Confirm before blocking: each model finding that would still block (not acknowledged) is checked by a second request.
  const verified = await verifyFindings({
    git: input.git,
    config,
    ctx,
    options: input.options,
    progress,
    model,
    findings: acknowledged.findings,
    changeset: input.redactedChangeset,
    secrets: checked.secrets,
    task: input.sendTask,
    commonDir: input.repo.commonDir,
    onWriteFailure: input.writeFailures.record,
  });
  const findings = verified.findings;
  const seen = new Set(findings.map(fingerprintOf));
  const staleAcks = acks.entries.filter((e) => isExpired(e, ctx.now()) && !seen.has(e.fingerprint)).length;
  if (staleAcks > 0)
    progress.warn(
      `${plural(staleAcks, 'acknowledgement')} in ${ACK_FILE} ${staleAcks === 1 ? 'has' : 'have'} expired; review-hook ack --prune drops them`,
    );
  // Second round: the previous findings no current finding matches (see resolvedFindings).
  const checkRan = (name: string) => isCheckEnabled(config, name);
  const resolved =
    task && task.previousFindings.length > 0
      ? resolvedFindings(task.previousFindings, findings, model.status === 'done', checkRan).map(describePrevious)
      : undefined;
  const noLongerChecked = (task?.previousFindings ?? []).filter((p) => !stillChecked(p, checkRan)).map(describePrevious);
  return { ...input, findings, verified, expiredAcknowledgements: acknowledged.expired, resolved, noLongerChecked };
}

/** Decide: policy's verdict, an override given up front, and, with a person at the terminal, their answer. */
export async function decide(input: Reviewed): Promise<Decided> {
  const { ctx, options, git, repo, ranges, config, model, progress } = input;
  let findings = input.findings;
  const decideFor = (all: readonly Finding[]) =>
    decidePolicy({
      // Findings a checks.<name>.allow entry accepted are reported but never block.
      findings: all.filter((f) => !isAllowedFinding(f)),
      blockOn: config.blockOn,
      onError: config.onError,
      modelStatus: model.status,
      modelError: model.status === 'failed' ? model.reason : null,
    });
  let decision = decideFor(findings);
  let override: Override | null =
    decision.verdict === 'block'
      ? await givenOverride({
          git,
          env: ctx.env,
          ranges,
          commonDir: repo.commonDir,
          blocking: decision.blocking,
          warn: (m) => progress.warn(m),
        })
      : null;
  let report = buildReport({ ...input, findings }, decision, override);
  // Nobody gave a reason up front, and a person may be at the terminal: show the findings, then ask.
  const prompting = report.verdict === 'block' && options.mode === 'hook' && mayPrompt(ctx.env, ctx.stderrIsTTY, config.interactive);
  if (prompting) {
    await emitReport(ctx, options, report, decision.reasons);
    const { askAtTerminal } = await import('./ask-at-terminal.js');
    const answer = await askAtTerminal({
      ctx,
      git,
      repo,
      ranges,
      findings,
      decision,
      decideAgain: decideFor,
      ask: { env: ctx.env, stderrIsTTY: ctx.stderrIsTTY, interactive: config.interactive, timeoutMs: PROMPT_TIMEOUT_MS },
    });
    if (answer.answered) {
      ({ findings, decision, override } = answer);
      report = buildReport({ ...input, findings }, decision, override);
      for (const message of answer.messages) ctx.stderr.write(`review-hook: ${message}\n`);
    } else {
      if ('failed' in answer && answer.failed) progress.warn(`${answer.why}; the push stays blocked`);
      // The person may have walked away from the question: say plainly why the push did not go.
      else if ('timedOut' in answer && answer.timedOut)
        ctx.stderr.write(`review-hook: the prompt timed out (${answer.why}); the push stays blocked.\n`);
      else progress.detail(`no override: ${answer.why}`);
    }
  }
  return { ...input, findings, decision, override, report, shown: prompting };
}

function buildReport(input: Reviewed, decision: Decision, override: Override | null): Report {
  const { model, verified, task } = input;
  return {
    version: 1,
    verdict: decision.verdict === 'block' && !override ? 'block' : 'allow',
    override,
    ranges: input.ranges.map((r) => ({ ref: r.ref, base: r.base, head: r.head, commits: r.commits })),
    findings: input.findings,
    strengths: model.strengths,
    requirements: model.requirements,
    coverage: coverageAfter(input.changeset, model),
    usage: {
      ...sumUsage(model.usage, verified.usage),
      cached: model.cached ?? false,
      estimatedCostUSD: addCost(model.estimatedCostUSD ?? null, verified.estimatedCostUSD),
    },
    // A skip on purpose (--offline) is stated by the reporter; a failure names its cause here.
    errors: [...(model.status === 'failed' && model.reason ? [model.reason] : []), ...verified.problems, ...input.acks.problems],
    summary: model.summary,
    modelReview: model.status,
    task: task?.task ?? [],
    plans: task?.plans ?? [],
    ...(input.resolved === undefined ? {} : { resolved: input.resolved }),
    ...(input.noLongerChecked.length === 0 ? {} : { noLongerChecked: input.noLongerChecked }),
    ...(input.expiredAcknowledgements.length === 0 ? {} : { expiredAcknowledgements: input.expiredAcknowledgements }),
  };
}

/** Emit: the state folder's records (audit, blocked refs, last review, round), then the report. */
export async function emit(input: Decided): Promise<ReviewOutcome> {
  const { ctx, options, git, repo, ranges, progress, override, report, decision, findings, task } = input;
  // The state folder is a record: a write that fails is a warning, never a lost report or verdict.
  const warn = (message: string) => progress.warn(message);
  if (override) {
    // Every finding the person was shown, so the log says what was waved through.
    const ok = override;
    await writeOrWarn(
      'this override in the audit log',
      statePaths(repo.commonDir).audit,
      () => recordAudit(git, repo.commonDir, ctx, { ranges, override: ok, findings, verdictWithoutOverride: 'block' }),
      warn,
    );
  }
  if (report.verdict === 'block' && options.mode === 'hook') {
    // What this block showed, so a trailer written after it can answer it and nothing else.
    await input.writeFailures.attempt(
      'the blocked review (a Review-Override trailer needs it)',
      statePaths(repo.commonDir).blockedRefs,
      () => recordBlockedRefs(repo.commonDir, ranges, decision.blocking, ctx.now()),
    );
  }
  // The report, the round and whatever failed earlier (the cache) in one warning: a read-only state
  // folder fails them all the same way.
  const failures = input.writeFailures;
  await Promise.all([
    failures.attempt('the report', statePaths(repo.commonDir).lastReviewJson, () => writeLastReview(repo.commonDir, report)),
    // Which previous round this review was given, so the same changes pushed again get the same prompt.
    task
      ? failures.attempt('the previous round this review was given', statePaths(repo.commonDir).lastRound, () =>
          writeRoundState(repo.commonDir, ranges, task.previousFindings),
        )
      : undefined,
  ]);
  failures.flush(warn);
  if (!input.shown) await emitReport(ctx, options, report, decision.reasons);
  return { exitCode: report.verdict === 'block' ? 1 : 0, report };
}

type TaskSent = { taskContext: string | null; requirements: string | null };

interface VerifyStageInput {
  git: Git;
  config: ReviewConfig;
  ctx: RunContext;
  options: ReviewOptions;
  progress: Progress;
  model: ModelPhaseResult;
  findings: Finding[];
  changeset: Changeset;
  secrets: SecretValue[];
  task: TaskSent | null;
  commonDir: string;
  onWriteFailure: OnWriteFailure;
}

type VerifyStageResult = Pick<VerifyResult, 'findings' | 'usage' | 'estimatedCostUSD' | 'problems'>;

/**
 * The verify stage (src/verify/), loaded only when a model finding would block. What would block
 * is policy's rule (wouldBlock), less findings a checks allow-list accepted.
 */
async function verifyFindings(input: VerifyStageInput): Promise<VerifyStageResult> {
  const { config, model, findings } = input;
  const none: VerifyStageResult = {
    findings,
    usage: { requests: 0, promptTokens: 0, completionTokens: 0 },
    estimatedCostUSD: null,
    problems: [],
  };
  const shouldVerify = (f: Finding): boolean => !isAllowedFinding(f) && wouldBlock(f, config.blockOn);
  if (config.verify === 'off' || input.options.offline || !findings.some((f) => f.source === 'llm' && shouldVerify(f))) return none;
  const { runVerification } = await import('../verify/run-verification.js');
  const task = input.task;
  const requirements =
    task === null
      ? null
      : [task.taskContext, task.requirements].filter((t): t is string => t !== null && t.trim() !== '').join('\n\n') || null;
  await input.progress.start('verifying the findings that would block');
  try {
    return await runVerification({
      git: input.git,
      changeset: input.changeset,
      findings,
      shouldVerify,
      config,
      env: input.ctx.env,
      commonDir: input.commonDir,
      noCache: input.options.noCache,
      secrets: input.secrets,
      requirements,
      deadline: model.deadline ?? performance.now() + config.timeoutSeconds * 1000,
      spentUSD: model.estimatedCostUSD ?? null,
      ...(model.maxPromptTokens === undefined ? {} : { maxPromptTokens: model.maxPromptTokens }),
      onProgress: (text) => input.progress.update(text),
      now: input.ctx.now,
      onWriteFailure: input.onWriteFailure,
    });
  } finally {
    input.progress.stop();
  }
}

function addCost(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/**
 * An override given before the review: environment, `git -c` for this push, or trailers on every
 * blocked ref that answer that ref's last blocked review.
 */
async function givenOverride(input: {
  git: Git;
  env: RunContext['env'];
  ranges: PushRange[];
  commonDir: string;
  blocking: readonly Finding[];
  warn: (message: string) => void;
}): Promise<Override | null> {
  const { git, env, ranges, warn } = input;
  const blocked = await readBlockedRefs(input.commonDir);
  const blocking = input.blocking.map((f) => ({
    id: f.id,
    fingerprint: findingFingerprint(f),
    label: `${f.id} ${f.file === null ? '(no file)' : `${f.file}${f.line === null ? '' : `:${f.line}`}`} ${f.title}`,
  }));
  const trailers = await Promise.all(
    ranges.map(async (r) => {
      const reason = await readTrailer(git, r.head, 'Review-Override');
      if (reason === null) return { ref: r.ref, reason };
      const commit = { oid: r.head, newInPush: r.commits.includes(r.head), committedAt: await readCommitTime(git, r.head) };
      return { ref: r.ref, reason, stale: trailerStanding({ ref: r.ref, commit, blocked: blocked[r.ref] ?? null, blocking }) };
    }),
  );
  const scoped = await readConfigScoped(git, 'review-hook.allow');
  const given = scoped.filter((entry) => entry.scope === 'command');
  const { override, refused } = resolveGivenOverride({
    env,
    gitConfigAllow: given.at(-1)?.value ?? null,
    savedGitConfigAllow: scoped.filter((entry) => entry.scope !== 'command'),
    trailers,
    blockingRefs: ranges.map((r) => r.ref),
  });
  for (const message of refused) warn(message);
  return override;
}

/** The cheap conditions for asking; askOverride also has to open /dev/tty for real. */
function mayPrompt(env: RunContext['env'], stderrIsTTY: boolean, interactive: boolean): boolean {
  return interactive && stderrIsTTY && (env.CI ?? '') === '';
}

async function emitReport(ctx: RunContext, options: ReviewOptions, report: Report, reasons: string[]): Promise<void> {
  const toStdout = options.mode === 'manual' && !options.output;
  const color = !options.output && useColor(toStdout ? ctx.stdoutIsTTY : ctx.stderrIsTTY, ctx.env);
  const text = reporters[options.format](report, { color, reasons });
  if (options.output) {
    await writeOutput(ctx.cwd, options.output, text.endsWith('\n') ? text : `${text}\n`);
  }
  if (options.quiet && report.verdict === 'allow' && report.findings.length === 0 && report.errors.length === 0) return;
  if (options.output) {
    ctx.stderr.write(`review-hook: report written to ${options.output} (${report.verdict})\n`);
    return;
  }
  (toStdout ? ctx.stdout : ctx.stderr).write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * The progress line names a model only when one will be asked: not offline, not a dry run, with
 * files to send and an endpoint that can be reached (a key, or a server that needs none).
 */
function modelWords(options: ReviewOptions, config: ReviewConfig, env: RunContext['env'], files: number): string {
  if (options.offline) return ' (offline: checks only)';
  if (options.dryRun) return ' (dry run: nothing is sent)';
  if (files === 0) return '';
  const endpoint = resolveEndpoint(config, env);
  if (endpoint.problem !== null || missingKey(endpoint, config.apiKeyEnv) !== null) return ' (checks only: no model can be asked)';
  return ` with ${config.model}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
