// The terminal report: what was reviewed, findings by severity, and a verdict that says what to do.
import type { Finding, Report, Severity } from '../domain/types.js';
import { painter, type Paint, type Style } from './ansi.js';
import {
  BLOCKED_HELP,
  acknowledgementLine,
  allowedLine,
  blockedFixLine,
  REQUIREMENT_MARKS,
  SEVERITY_SECTIONS,
  clean,
  describeScope,
  describeTaskContext,
  describeUsage,
  findingTags,
  findingsOfSeverity,
  formatLocation,
  helpText,
  listProblems,
  listSkipped,
  NOT_CONFIRMED_TITLE,
  notConfirmed,
  oneLine,
  verdictReasons,
  verdictText,
  verificationNote,
  WHOLE_LIST,
  type ReporterOptions,
} from './format.js';

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['red', 'bold'],
  important: ['yellow', 'bold'],
  minor: ['cyan'],
};

export function renderPretty(report: Report, options: ReporterOptions): string {
  const paint = painter(options.color);
  const blocks: string[][] = [];

  const header = [`${paint('review-hook', 'bold')}: ${describeScope(report)}`];
  const context = describeTaskContext(report);
  if (context.task !== null) header.push(`  Task: ${context.task}`);
  if (context.plans !== null) header.push(`  Plan: ${context.plans}`);
  if (report.summary !== null && report.summary.trim() !== '') header.push(indent(clean(report.summary).trim(), 2));
  blocks.push(header);

  for (const { severity, title } of SEVERITY_SECTIONS) {
    const findings = findingsOfSeverity(report, severity);
    if (findings.length === 0) continue;
    blocks.push([paint(`${title} (${findings.length})`, ...SEVERITY_STYLE[severity]), ...findings.flatMap((f) => renderFinding(f, paint))]);
  }

  const rejected = notConfirmed(report);
  if (rejected.length > 0) {
    blocks.push([
      paint(`${NOT_CONFIRMED_TITLE} (${rejected.length}): verification rejected these; they do not block`, 'bold'),
      ...rejected.flatMap((f) => renderFinding(f, paint)),
    ]);
  }

  if (report.strengths.length > 0) {
    blocks.push([paint('Strengths', 'bold', 'green'), ...report.strengths.map((s) => `  - ${oneLine(s)}`)]);
  }

  if (report.requirements.length > 0) {
    blocks.push([
      paint('Requirements', 'bold'),
      ...report.requirements.flatMap((r) => {
        const lines = [`  ${REQUIREMENT_MARKS[r.status]} ${oneLine(r.requirement)}`];
        if (r.evidence.trim() !== '') lines.push(paint(indent(clean(r.evidence).trim(), 6), 'dim'));
        return lines;
      }),
    ]);
  }

  if (report.resolved !== undefined && report.resolved.length > 0) {
    blocks.push([paint('Resolved since the previous round', 'bold', 'green'), ...report.resolved.map((r) => `  - ${oneLine(r)}`)]);
  }
  if (report.noLongerChecked !== undefined && report.noLongerChecked.length > 0) {
    blocks.push([
      paint('No longer checked (the check is turned off; not resolved)', 'bold'),
      ...report.noLongerChecked.map((r) => `  - ${oneLine(r)}`),
    ]);
  }

  if (report.expiredAcknowledgements !== undefined && report.expiredAcknowledgements.length > 0) {
    blocks.push([paint('Expired acknowledgements', 'bold', 'yellow'), ...report.expiredAcknowledgements.map((r) => `  - ${oneLine(r)}`)]);
  }

  const skipped = listSkipped(report);
  if (skipped.shown.length > 0) {
    blocks.push([
      paint(`Not reviewed (${report.coverage.skipped.length})`, 'bold'),
      ...skipped.shown.map((entry) => `  ${entry.file} ${paint(`(${entry.reason})`, 'dim')}`),
      ...(skipped.more > 0 ? [`  …and ${skipped.more} more (${WHOLE_LIST})`] : []),
    ]);
  }

  const problems = listProblems(report);
  if (problems.length > 0) {
    blocks.push([paint('Problems', 'bold', 'yellow'), ...problems.map((p) => `  ! ${p}`)]);
  }

  blocks.push([paint(`Usage: ${describeUsage(report)}`, 'dim')]);
  blocks.push(renderVerdict(report, options, paint));

  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function renderFinding(finding: Finding, paint: Paint): string[] {
  const tags = findingTags(finding).map((tag) => paint(tag, tag.startsWith('[') ? 'magenta' : 'yellow'));
  const rejected = finding.verification?.status === 'rejected';
  const head = [
    `  ${paint(finding.id, 'dim')} ${paint(`${rejected ? `${finding.severity} ` : ''}${formatLocation(finding)}`, 'bold')}`,
    oneLine(finding.title),
    ...tags,
  ];
  const lines = [head.filter((part) => part !== '').join('  ')];
  const acknowledged = acknowledgementLine(finding);
  if (acknowledged !== null) lines.push(`      ${paint(acknowledged, 'green')}`);
  const allowed = allowedLine(finding);
  if (allowed !== null) lines.push(`      ${paint(allowed, 'green')}`);
  if (finding.detail.trim() !== '') lines.push(indent(clean(finding.detail).trim(), 6));
  const note = verificationNote(finding);
  if (note !== null) lines.push(paint(`      ${note}`, finding.verification?.status === 'unverified' ? 'yellow' : 'dim'));
  return lines;
}

function renderVerdict(report: Report, options: ReporterOptions, paint: Paint): string[] {
  const verdict = verdictText(report);
  const style: Style = report.verdict === 'block' ? 'red' : report.override !== null ? 'yellow' : 'green';
  const { reasons, warnings } = verdictReasons(report, options);
  const lines = [paint(reasons.length > 0 ? `${verdict}: ${reasons.join('; ')}` : verdict, 'bold', style)];
  lines.push(...warnings.map((w) => `  ${paint(w, 'yellow')}`));
  if (report.verdict === 'block') {
    lines.push(
      `  ${blockedFixLine(reasons)}`,
      ...BLOCKED_HELP.overrides.map((o) => `    ${helpText(o, (c) => (o.before || o.after ? `"${c}"` : c))}`),
      `  ${BLOCKED_HELP.skip}`,
    );
  }
  return lines;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : pad + line))
    .join('\n');
}
