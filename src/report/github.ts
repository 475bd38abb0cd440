// GitHub Actions workflow commands: one annotation per finding on its file and line
// (`::error file=…,line=…,endLine=…,title=…::message`), then one summary line per severity and the
// verdict. Escaping follows the runner: in values `%`, CR and LF; in properties also `:` and `,`.
import type { Finding, Report, Severity } from '../domain/types.js';
import {
  acknowledgementLine,
  allowedLine,
  clean,
  describeScope,
  findingsOfSeverity,
  findingTags,
  listProblems,
  NOT_CONFIRMED_TITLE,
  notConfirmed,
  oneLine,
  plural,
  SEVERITY_SECTIONS,
  verdictText,
  verificationNote,
  type ReporterOptions,
} from './format.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  important: 'warning',
  minor: 'notice',
};

/** Escapes a message (the part after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title): also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Workflow commands are read from every output line, so untrusted text must never start one:
 * a model's detail containing "\n::add-mask::" or "::stop-commands::" stays inside this message
 * because newlines are escaped, and nothing else is printed raw.
 */
function annotation(finding: Finding): string {
  const props: string[] = [];
  if (finding.file !== null) {
    props.push(`file=${escapeProperty(oneLine(finding.file))}`);
    // A line the change does not contain is the model's claim: keep the file, drop the line.
    if (finding.located && finding.line !== null && finding.line >= 1) {
      props.push(`line=${finding.line}`);
      if (finding.endLine !== null && finding.endLine > finding.line) props.push(`endLine=${finding.endLine}`);
    }
  }
  const tags = findingTags(finding);
  props.push(`title=${escapeProperty(`${finding.id} ${oneLine(finding.title)}${tags.length > 0 ? ` ${tags.join(' ')}` : ''}`)}`);
  // What decided the finding does not block (a rejected verification, an acknowledgement, an allow-list
  // entry) goes with it, and such a finding is only a notice: it must not read as a failure in the pull request.
  const note = acknowledgementLine(finding) ?? allowedLine(finding) ?? verificationNote(finding);
  const message = [clean(finding.detail || finding.title).trim(), note ?? ''].filter((part) => part !== '').join('\n\n');
  const standsAside = finding.acknowledgement || finding.allowedByConfig !== undefined || finding.verification?.status === 'rejected';
  return `::${standsAside ? 'notice' : COMMAND[finding.severity]} ${props.join(',')}::${escapeData(message)}`;
}

export function renderGithub(report: Report, options: ReporterOptions): string {
  const lines = report.findings.map(annotation);
  lines.push(`review-hook: ${oneLine(describeScope(report))}`);
  for (const { severity, title } of SEVERITY_SECTIONS) {
    lines.push(`review-hook: ${title}: ${plural(findingsOfSeverity(report, severity).length, 'finding')}`);
  }
  const rejected = notConfirmed(report).length;
  if (rejected > 0) lines.push(`review-hook: ${NOT_CONFIRMED_TITLE}: ${plural(rejected, 'finding')}`);
  for (const problem of listProblems(report)) lines.push(`::warning title=review-hook::${escapeData(problem)}`);
  const reasons = (options.reasons ?? []).map(oneLine).filter((r) => r !== '' && !r.startsWith('warning:'));
  lines.push(`review-hook: ${verdictText(report)}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
