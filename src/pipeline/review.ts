// The review stage: findings placed and numbered, acknowledgements applied, and the model's findings
// that would block confirmed by the verification request.
import type { OnWriteFailure } from '../state/write-failure.js';
import { ACK_FILE, isExpired } from '../ack/ack-file.js';
import { applyAcks } from '../ack/apply-acks.js';
import { isAllowedFinding, isCheckEnabled } from '../checks/registry.js';
import type { SecretValue } from '../checks/types.js';
import type { ReviewConfig } from '../config/types.js';
import type { Changeset, Finding } from '../domain/types.js';
import { assignIds } from '../findings/finding-ids.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import { missingRequirementFindings } from '../findings/missing-requirements.js';
import { describePrevious, resolvedFindings, stillChecked } from '../findings/previous-round.js';
import type { Git } from '../git/exec-git.js';
import { wouldBlock } from '../policy/decide.js';
import type { Progress } from '../progress.js';
import { plural } from '../report/format.js';
import type { ModelPhaseResult } from '../review/model-phase.js';
import type { ReviewOptions, RunContext } from '../cli/run-context.js';
import type { Asked, Reviewed, VerifyStageResult } from './stage-types.js';

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
