// The pretty report's content as Markdown, for last-review.md and --format markdown.
import type { Finding, Report } from '../domain/types.js';
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
import { escapeModelMarkdown } from './markdown-escape.js';

export function renderMarkdown(report: Report, options: ReporterOptions): string {
  const blocks: string[] = [`# review-hook: ${verdictText(report)}`, describeScope(report)];
  const context = describeTaskContext(report);
  const contextLines = [
    ...(context.task === null ? [] : [`- **Task:** ${context.task}`]),
    ...(context.plans === null ? [] : [`- **Plan:** ${context.plans}`]),
  ];
  if (contextLines.length > 0) blocks.push(contextLines.join('\n'));
  if (report.summary !== null && report.summary.trim() !== '') blocks.push(quote(escapeModelMarkdown(clean(report.summary).trim())));

  for (const { severity, title } of SEVERITY_SECTIONS) {
    const findings = findingsOfSeverity(report, severity);
    if (findings.length === 0) continue;
    blocks.push(`## ${title} (${findings.length})`, findings.map(renderFinding).join('\n\n'));
  }

  const rejected = notConfirmed(report);
  if (rejected.length > 0) {
    blocks.push(
      `## ${NOT_CONFIRMED_TITLE} (${rejected.length})`,
      'Verification rejected these findings; they do not block.',
      rejected.map(renderFinding).join('\n\n'),
    );
  }

  if (report.strengths.length > 0) {
    blocks.push('## Strengths', report.strengths.map((s) => `- ${inert(s)}`).join('\n'));
  }

  if (report.requirements.length > 0) {
    const items = report.requirements.map((r) => {
      const evidence = inert(r.evidence);
      return `- ${REQUIREMENT_MARKS[r.status]} ${inert(r.requirement)}${evidence === '' ? '' : ` — ${evidence}`}`;
    });
    blocks.push('## Requirements', items.join('\n'));
  }

  if (report.resolved !== undefined && report.resolved.length > 0) {
    blocks.push('## Resolved since the previous round', report.resolved.map((r) => `- ${inert(r)}`).join('\n'));
  }
  if (report.noLongerChecked !== undefined && report.noLongerChecked.length > 0) {
    blocks.push(
      '## No longer checked (the check is turned off; not resolved)',
      report.noLongerChecked.map((r) => `- ${inert(r)}`).join('\n'),
    );
  }

  if (report.expiredAcknowledgements !== undefined && report.expiredAcknowledgements.length > 0) {
    blocks.push('## Expired acknowledgements', report.expiredAcknowledgements.map((r) => `- ${oneLine(r)}`).join('\n'));
  }

  const skipped = listSkipped(report);
  if (skipped.shown.length > 0) {
    const items = skipped.shown.map((entry) => `- ${code(entry.file)} (${entry.reason})`);
    if (skipped.more > 0) items.push(`- …and ${skipped.more} more (${WHOLE_LIST})`);
    blocks.push(`## Not reviewed (${report.coverage.skipped.length})`, items.join('\n'));
  }

  const problems = listProblems(report);
  if (problems.length > 0) blocks.push('## Problems', problems.map((p) => `- ${p}`).join('\n'));

  blocks.push(`Usage: ${describeUsage(report)}`);

  const { reasons, warnings } = verdictReasons(report, options);
  blocks.push(`## Verdict: ${verdictText(report)}`);
  if (reasons.length + warnings.length > 0) blocks.push([...reasons, ...warnings].map((r) => `- ${r}`).join('\n'));
  if (report.verdict === 'block') {
    blocks.push(
      [blockedFixLine(reasons), '', ...BLOCKED_HELP.overrides.map((o) => `- ${helpText(o, code)}`)].join('\n'),
      BLOCKED_HELP.skip,
    );
  }

  return `${blocks.join('\n\n')}\n`;
}

function renderFinding(finding: Finding): string {
  const tags = findingTags(finding).map((tag) => `_${tag}_`);
  const severity = finding.verification?.status === 'rejected' ? `${finding.severity} ` : '';
  const notes = [acknowledgementLine(finding), allowedLine(finding)].filter((line) => line !== null);
  const head =
    `- **${finding.id}** ${severity}${code(formatLocation(finding))} ${inert(finding.title)}${tags.length > 0 ? ` ${tags.join(' ')}` : ''}` +
    notes.map((line) => `\n  _${inert(line)}_`).join('');
  const note = verificationNote(finding);
  const detail = [
    escapeModelMarkdown(clean(finding.detail).trim()),
    note === null ? '' : `**${note.slice(0, note.indexOf(':') + 1)}**${escapeModelMarkdown(note.slice(note.indexOf(':') + 1))}`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  if (detail === '') return head;
  // Indented under the list item, so multi-line detail (even code) stays part of the finding.
  const body = detail
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `  ${line}`))
    .join('\n');
  return `${head}\n\n${body}`;
}

/** Inline code whose fence is longer than any backtick run inside, so odd file names cannot break out. */
function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One line of model text, inert in Markdown (see markdown-escape.ts); a fence in a title is just text. */
function inert(text: string): string {
  return escapeModelMarkdown(oneLine(text).replace(/^(\s*)(`{3,}|~{3,})/, '$1\\$2'));
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}
