// The emit stage: the records under the git dir (audit, blocked refs, last review, round), then the report.
import { statePaths } from '../state/paths.js';
import { recordBlockedRefs } from '../state/blocked-refs.js';
import { writeLastReview } from '../state/last-review.js';
import { recordAudit } from '../state/record-audit.js';
import { writeRoundState } from '../state/round-state.js';
import { writeOrWarn } from '../state/write-failure.js';
import type { ReviewOutcome } from '../cli/run-context.js';
import { emitReport } from './emit-report.js';
import type { Decided } from './stage-types.js';

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
  // The other records, and whatever failed earlier in the run (the cache), are said in one warning:
  // a read-only state folder fails them all the same way.
  const failures = input.writeFailures;
  if (report.verdict === 'block' && options.mode === 'hook') {
    // What this block showed, so a trailer written after it can answer it and nothing else.
    await failures.attempt('the blocked review (a Review-Override trailer needs it)', statePaths(repo.commonDir).blockedRefs, () =>
      recordBlockedRefs(repo.commonDir, ranges, decision.blocking, ctx.now()),
    );
  }
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
