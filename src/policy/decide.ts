// The one place that decides whether a push is blocked. Pure: findings and settings in, verdict out.
import { type ModelStatus, type OnError, SEVERITIES, SEVERITY_RANK, type Verdict } from '../domain/lists.js';
import type { BlockOn, Finding, Severity } from '../domain/types.js';

export interface DecideInput {
  findings: readonly Finding[];
  blockOn: BlockOn;
  onError: OnError;
  modelStatus: ModelStatus;
  /** Why the model review failed, in words (e.g. "timed out after 120s"); null when unknown or not failed. */
  modelError: string | null;
}

export interface Decision {
  verdict: Verdict;
  /** The findings that block the push on their own. */
  blocking: Finding[];
  /** Human sentences: why it blocks, and warnings the user should see even when it allows. */
  reasons: string[];
}

/** How a block caused only by the failed model review starts, so reporters can word their help for it. */
export const MODEL_FAILED_BLOCK = 'the model review could not complete';

/** Whether a finding of this severity reaches the blockOn threshold ('never' reaches nothing). */
export function meetsThreshold(severity: Severity, blockOn: BlockOn): boolean {
  return blockOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[blockOn];
}

/**
 * A finding whose file:line is not in the reviewed change may be a hallucinated citation, so it never
 * blocks on its own. A finding without a file (task-level, e.g. "requirement X is missing") has
 * nothing to mislocate and counts as located.
 */
export function isLocated(finding: Finding): boolean {
  return finding.file === null || finding.located;
}

/** A finding the verifying request rejected: reported under "Not confirmed", never blocking. */
export function isRejected(finding: Pick<Finding, 'verification'>): boolean {
  return finding.verification?.status === 'rejected';
}

export function isAcknowledged(finding: Pick<Finding, 'acknowledgement'>): boolean {
  return finding.acknowledgement !== undefined && finding.acknowledgement !== null;
}

/**
 * Whether a finding blocks on its own: at the threshold, located, not acknowledged and not rejected
 * by verification. The verify stage asks about exactly these (before the verdict), so a finding that
 * could never block is never sent for verification.
 */
export function wouldBlock(finding: Finding, blockOn: BlockOn): boolean {
  return meetsThreshold(finding.severity, blockOn) && isLocated(finding) && !isAcknowledged(finding) && !isRejected(finding);
}

export function decide(input: DecideInput): Decision {
  const reasons: string[] = [];
  const reached = input.findings.filter((finding) => meetsThreshold(finding.severity, input.blockOn));
  // The team accepted these in the committed acknowledgements file, each with a reason.
  const acknowledged = reached.filter(isAcknowledged);
  const atThreshold = reached.filter((finding) => !isAcknowledged(finding));
  const blocking = atThreshold.filter((finding) => wouldBlock(finding, input.blockOn));
  const unlocated = atThreshold.filter((finding) => !isLocated(finding));
  const rejected = atThreshold.filter((finding) => isLocated(finding) && isRejected(finding));
  const unverified = blocking.filter((finding) => finding.verification?.status === 'unverified');

  if (blocking.length > 0) {
    // A finding that blocks although its verification did not complete says so: it was not confirmed.
    reasons.push(
      unverified.length > 0
        ? `${countBySeverity(blocking)} (${unverified.length} not confirmed: verification could not complete)`
        : countBySeverity(blocking),
    );
  }
  if (acknowledged.length > 0) {
    reasons.push(
      `${countBySeverity(acknowledged)} acknowledged in the acknowledgements file ${acknowledged.length === 1 ? 'does' : 'do'} not block`,
    );
  }
  if (rejected.length > 0) {
    const one = rejected.length === 1;
    reasons.push(
      `${countBySeverity(rejected)} ${one ? 'does' : 'do'} not block: verification did not confirm ${one ? 'it' : 'them'} (see Not confirmed)`,
    );
  }
  if (unlocated.length > 0) {
    const one = unlocated.length === 1;
    reasons.push(
      `${countBySeverity(unlocated)} ${one ? 'does' : 'do'} not block: ${one ? 'its location is' : 'their locations are'} not in the reviewed change`,
    );
  }

  let modelBlocks = false;
  if (input.modelStatus === 'failed') {
    // The cause may already start with the same words; say them once.
    const cause = input.modelError?.trim().replace(/^the model review could not complete:\s*/i, '') || 'cause unknown';
    if (input.onError === 'block') {
      modelBlocks = true;
      reasons.push(
        `${MODEL_FAILED_BLOCK} (${cause}), so there are no findings to fix; onError is block, so the push stops until the review can run`,
      );
    } else {
      // Failing open must never be silent: the push goes out without a full review.
      reasons.push(
        `warning: the model review could not complete (${cause}); onError is allow, so that alone does not block, and this push is not fully reviewed`,
      );
    }
  }

  return { verdict: blocking.length > 0 || modelBlocks ? 'block' : 'allow', blocking, reasons };
}

/** "2 critical findings", "1 critical finding and 3 important findings". */
function countBySeverity(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const count = findings.filter((finding) => finding.severity === severity).length;
    if (count > 0) parts.push(`${count} ${severity} finding${count === 1 ? '' : 's'}`);
  }
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
