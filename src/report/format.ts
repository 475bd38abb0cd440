// Wording shared by the human-readable reporters, so pretty and Markdown say the same things.
import { MODEL_FAILED_BLOCK } from '../policy/decide.js';
import { type Finding, type Override, PART_FAILED_REASON, type Report, type RequirementStatus, type Severity } from '../domain/types.js';
import { formatCount } from '../domain/format-count.js';

export interface ReporterOptions {
  color: boolean;
  /** Why the push is blocked or what to watch out for (Decision.reasons); shown with the verdict. */
  reasons?: readonly string[];
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const SEVERITY_SECTIONS: ReadonlyArray<{ severity: Severity; title: string }> = [
  { severity: 'critical', title: 'Critical' },
  { severity: 'important', title: 'Important' },
  { severity: 'minor', title: 'Minor' },
];

export const REQUIREMENT_MARKS: Record<RequirementStatus, string> = {
  met: '[x]',
  partial: '[~]',
  missing: '[ ]',
  unclear: '[?]',
};

/** Skipped files listed before the rest are summarised in one line. */
export const MAX_LISTED_SKIPPED = 10;

/**
 * Model output and file names are untrusted: escape sequences in them could rewrite the terminal,
 * and bidirectional controls could make text read differently than it is.
 */
export function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** A single line: titles and names must not break the layout. */
export function oneLine(text: string): string {
  return clean(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * `file:line`, `file:line-endLine`, `file`, or `(no file)`; with ` in commit <oid>` when the line is
 * that commit's, not the pushed head's (a finding in the history only).
 */
export function formatLocation(finding: Pick<Finding, 'file' | 'line' | 'endLine' | 'commit'>): string {
  if (finding.file === null) return '(no file)';
  const file = oneLine(finding.file);
  const where = finding.commit ? ` in commit ${finding.commit.slice(0, 12)}` : '';
  if (finding.line === null) return `${file}${where}`;
  if (finding.endLine !== null && finding.endLine > finding.line) return `${file}:${finding.line}-${finding.endLine}${where}`;
  return `${file}:${finding.line}${where}`;
}

/** Tags after a finding's title: where it came from when not the model, doubtful locations, verification. */
export function findingTags(finding: Finding): string[] {
  const tags: string[] = [];
  if (finding.source !== 'llm') tags.push(`[${finding.source}]`);
  if (finding.allowedByConfig !== undefined) tags.push('(allowed by config)');
  if (!finding.located && finding.file !== null) tags.push('(unverified location)');
  if (finding.verification?.status === 'confirmed') tags.push('(confirmed)');
  if (finding.verification?.status === 'unverified') tags.push('(not confirmed: verification could not complete)');
  return tags;
}

/** The line under a finding that says what verification found, or null when there is nothing to say. */
export function verificationNote(finding: Finding): string | null {
  const verification = finding.verification;
  if (!verification) return null;
  const reason = oneLine(verification.reason);
  switch (verification.status) {
    case 'confirmed':
      return reason === '' ? null : `Confirmed: ${reason}`;
    case 'rejected':
      return `Not confirmed: ${reason || 'no reason given'}`;
    case 'unverified':
      return `Not confirmed, still blocking: ${reason || 'the verification could not complete'}`;
  }
}

/** Findings under a severity heading: all of that severity except those verification rejected. */
export function findingsOfSeverity(report: Report, severity: Severity): Finding[] {
  return report.findings.filter((finding) => finding.severity === severity && finding.verification?.status !== 'rejected');
}

/** Findings the verifying request rejected: listed under their own heading, "Not confirmed". */
export function notConfirmed(report: Report): Finding[] {
  return report.findings.filter((finding) => finding.verification?.status === 'rejected');
}

export const NOT_CONFIRMED_TITLE = 'Not confirmed';

/** "Acknowledged: reason (by X on 2026-11-29, until 2027-02-27)", or null when not acknowledged. */
export function acknowledgementLine(finding: Finding): string | null {
  const ack = finding.acknowledgement;
  if (!ack) return null;
  const who = ack.by.trim() === '' ? '' : `by ${oneLine(ack.by)} `;
  return `Acknowledged: ${oneLine(ack.reason)} (${who}on ${ack.at.slice(0, 10)}${ack.expires ? `, until ${ack.expires}` : ''})`;
}

/**
 * "Allowed by checks.secrets.allow: <reason>. It does not block the push.", or null when no allow-list
 * entry accepted the finding. Read from allowedByConfig, never from the title.
 */
export function allowedLine(finding: Pick<Finding, 'source' | 'allowedByConfig'>): string | null {
  if (finding.allowedByConfig === undefined) return null;
  const setting = finding.source.startsWith('check:') ? `checks.${finding.source.slice('check:'.length)}.allow` : 'config';
  return `Allowed by ${setting}: ${oneLine(finding.allowedByConfig)}. It does not block the push.`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/**
 * "5 files reviewed" only when the model reviewed them; when it did not (no key, --offline, a cost
 * stop, a failed review) the files were checked by the deterministic checks, and that is all it says.
 */
function describeFiles(report: Report): string {
  const files = plural(report.coverage.reviewed.length, 'file');
  const partFailed = partFailedCount(report);
  switch (report.modelReview) {
    case 'done':
      return `${files} reviewed`;
    case 'failed':
      // A split review with a failed part: the answered parts' files were reviewed, the failed part's were not.
      if (partFailed > 0 && report.coverage.reviewed.length > 0)
        return `${files} reviewed, ${partFailed} not (their part of the model review failed)`;
      if (partFailed > 0) return `${plural(partFailed, 'file')} checked, not reviewed (the model review did not complete)`;
      return `${files} checked (the model review did not complete)`;
    default:
      return `${files} checked (no model review)`;
  }
}

/** Files left unreviewed because their part of a split review failed (listed among the skipped, with the reason). */
function partFailedCount(report: Report): number {
  return report.coverage.skipped.filter((s) => s.reason === PART_FAILED_REASON).length;
}

/** "3 commits in 1 ref (feature), 5 files reviewed, 2 skipped". */
export function describeScope(report: Report): string {
  const commits = new Set(report.ranges.flatMap((range) => range.commits)).size;
  const refs = report.ranges.map((range) => oneLine(shortRef(range.ref)));
  const refList = refs.length > 0 && refs.length <= 3 ? ` (${refs.join(', ')})` : '';
  const parts = [`${plural(commits, 'commit')} in ${plural(refs.length, 'ref')}${refList}`, describeFiles(report)];
  // Files of a failed part are counted in describeFiles, not again as skipped.
  const skipped = report.coverage.skipped.length - partFailedCount(report);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return parts.join(', ');
}

/**
 * The task context the review used, for the lines under the scope: each issue with its title and
 * how it was found, and each plan document with the sections read. Nothing is said when no lookup
 * was made (--offline, nothing to review); "none found" when one was made and found nothing.
 */
export function describeTaskContext(report: Report): { task: string | null; plans: string | null } {
  const looked = report.modelReview === 'done' || report.modelReview === 'failed';
  const task =
    report.task.length > 0
      ? report.task
          .map((t) => `${oneLine(t.id)}${t.title.trim() === '' ? '' : ` "${oneLine(t.title)}"`} (${oneLine(t.foundBy)})`)
          .join('; ')
      : looked
        ? 'none found; the commits stood as the task'
        : null;
  const plans =
    report.plans.length > 0
      ? report.plans
          .map((p) => `${oneLine(p.path)} (${p.sections.length > 0 ? p.sections.map((s) => `"${oneLine(s)}"`).join(', ') : 'the start'})`)
          .join('; ')
      : null;
  return { task, plans };
}

/** Said when the model did not review the change, so a clean report is not mistaken for a full one. */
export function describeModelReview(report: Report): string | null {
  switch (report.modelReview) {
    case 'done':
      return null;
    case 'failed':
      return 'the model review could not complete; only the deterministic checks ran';
    case 'skipped':
      return 'the model review did not run (--offline); only the deterministic checks ran. Run without --offline to include it';
    case 'not-needed':
      return 'nothing needed a model review';
  }
}

export function describeUsage(report: Report): string {
  const { usage } = report;
  if (usage.requests === 0 && !usage.cached) return 'no model requests';
  const parts = [plural(usage.requests, 'request')];
  parts.push(`${formatCount(usage.promptTokens)} tokens in, ${formatCount(usage.completionTokens)} out`);
  if (usage.cached) parts.push('from cache');
  if (usage.estimatedCostUSD !== null) parts.push(`~${formatCost(usage.estimatedCostUSD)}`);
  return parts.join(', ');
}

function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** ALLOWED / BLOCKED / ALLOWED BY OVERRIDE (source: reason). */
export function verdictText(report: Report): string {
  if (report.verdict === 'block') return 'BLOCKED';
  if (report.override !== null) return `ALLOWED BY OVERRIDE (${describeOverride(report.override)})`;
  return 'ALLOWED';
}

export function describeOverride(override: Override): string {
  return `${override.source}: ${oneLine(override.reason)}`;
}

export interface HelpItem {
  before: string;
  code: string;
  after: string;
}

/** What someone with a blocked push can do, in the order we recommend. */
export const BLOCKED_HELP: { fix: string; overrides: readonly HelpItem[]; skip: string } = {
  fix: 'Fix the findings and push again, or override with a reason (recorded in the audit log):',
  overrides: [
    { before: '', code: 'REVIEW_HOOK_ALLOW="reason" git push', after: '' },
    { before: '', code: 'git -c review-hook.allow="reason" push', after: '' },
    {
      before: 'a ',
      code: 'Review-Override: reason',
      after: ' trailer added now to the head commit of each blocked ref (git commit --amend); it covers only these findings',
    },
  ],
  skip: 'Or skip the review: REVIEW_HOOK_SKIP=1 git push (logged), or git push --no-verify (skips every hook).',
};

/**
 * The first help line of a blocked report. A block that only the failed model review caused has no
 * findings to fix, so it says what to fix instead.
 */
export function blockedFixLine(reasons: readonly string[]): string {
  const onlyModelFailed = reasons.length > 0 && reasons.every((r) => r.startsWith(MODEL_FAILED_BLOCK));
  return onlyModelFailed
    ? 'Nothing in the code to fix: make the model review work (see Problems) and push again, or override with a reason (recorded in the audit log):'
    : BLOCKED_HELP.fix;
}

/** A help item with its command set off by `mark` (quotes in a terminal, code spans in Markdown). */
export function helpText(item: HelpItem, mark: (code: string) => string): string {
  return `${item.before}${mark(item.code)}${item.after}`;
}

/** Where the whole list is when a report shortens it. */
export const WHOLE_LIST = 'all listed in .git/review-hook/last-review.json, or run with --format json';

/** The first MAX_LISTED_SKIPPED skipped files and, when there are more, how many were left out. */
export function listSkipped(report: Report): { shown: Array<{ file: string; reason: string }>; more: number } {
  // The files a failed part left unreviewed come first: a shortened list must still name them.
  const failed = report.coverage.skipped.filter((s) => s.reason === PART_FAILED_REASON);
  const skipped = [...failed, ...report.coverage.skipped.filter((s) => s.reason !== PART_FAILED_REASON)];
  return {
    shown: skipped.slice(0, MAX_LISTED_SKIPPED).map((entry) => ({ file: oneLine(entry.file), reason: oneLine(entry.reason) })),
    more: Math.max(0, skipped.length - MAX_LISTED_SKIPPED),
  };
}

/**
 * What went wrong, for the Problems section: each failure's own message, and the generic note on
 * the model review only when no message already speaks of it.
 */
export function listProblems(report: Report): string[] {
  const note = describeModelReview(report);
  const said = report.errors.some((e) => /model review/i.test(e));
  const generic = note === null || report.modelReview === 'not-needed' || said ? [] : [note];
  return [...generic, ...report.errors.map(oneLine)];
}

/**
 * The decision's reasons split for the verdict: why it blocks goes on the verdict line; a
 * fail-open warning stands apart (or a BLOCKED line would also read "does not block"), shortened
 * when its cause is already listed under Problems.
 */
export function verdictReasons(report: Report, options: ReporterOptions): { reasons: string[]; warnings: string[] } {
  const all = (options.reasons ?? []).map(oneLine).filter((r) => r !== '');
  const warnings = all.filter((r) => r.startsWith('warning:'));
  return {
    reasons: all.filter((r) => !r.startsWith('warning:')),
    warnings:
      report.errors.length > 0 && warnings.length > 0
        ? ['warning: not fully reviewed (see Problems); onError is allow, so that alone does not block']
        : warnings,
  };
}
