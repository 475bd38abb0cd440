// Reads a review written in the four-group Markdown layout (Critical / Important / Minor /
// Strengths), for servers that ignore response_format and models that drift into prose. Styles
// seen in practice: `### Critical`, `**Critical (Must Fix):**`, `1. **Critical Issues**`,
// `Critical: None`, numbered or bulleted items, sub-headings per finding, and flat lists with a
// label per item (`- [Critical] src/a.ts:12 …`). Locations: `file:12`, `file:12-14`, `file#L12`,
// `file (line 12)`, `line 12 of file`. Returns null when the text has no such layout at all.
import type { Severity } from '../domain/types.js';
import type { ReviewAnswer, ReviewFinding } from './review-schema.js';
import { guessCategory, isNoneText, severityFrom, verdictFor, verdictFrom } from './coerce-review.js';

type Section = Severity | 'strengths' | 'summary' | 'verdict' | 'preamble' | 'other';

/** How an item began, which decides what continues it. */
type ItemStart = 'bullet' | 'heading' | 'paragraph';

interface Item {
  section: Severity | 'strengths';
  lines: string[];
  start: ItemStart;
  /** Indentation of the bullet that opened the item. */
  indent: number;
}

const GROUP_WORDS =
  /^(critical|blockers?|important|major|minor|nits?|nitpicks?|strengths?|positives?|what'?s good|summary|overview|overall assessment|assessment|verdict|ready to merge|recommendation|conclusion)(?:\s+(?:issues?|findings?|problems?|concerns?|notes?|points?|changes?))?\s*(?:\([^)]*\))?\s*(?:[?:\-—–]+\s*(.*))?$/i;

const BULLET = /^(\s*)(?:[-*+•]|\d+[.)])\s+(.*)$/;

export function parseMarkdownReview(text: string): ReviewAnswer | null {
  const reader = new LayoutReader();
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) reader.feed(line.replace(/\s+$/, ''));
  if (!reader.sawLayout) return null;

  const findings: ReviewFinding[] = [];
  const strengths: string[] = [];
  for (const item of reader.items) {
    const body = item.lines.join('\n').trim();
    if (body === '' || isNoneText(stripMarkup(item.lines[0] ?? '')) || isNoneText(stripMarkup(body))) continue;
    if (item.section === 'strengths') strengths.push(stripMarkup(body).replace(/\s*\n\s*/g, ' '));
    else findings.push(toFinding(body, item.section));
  }

  const summaryLines = reader.prose.summary.length > 0 ? reader.prose.summary : reader.prose.preamble;
  return {
    summary: summaryLines.join('\n').trim().slice(0, 2000),
    findings,
    strengths,
    requirements: [],
    verdict: findVerdict(reader.prose.verdict.join('\n'), text) ?? verdictFor(findings),
  };
}

/** Walks the answer line by line, sorting text into sections and items. */
class LayoutReader {
  sawLayout = false;
  readonly items: Item[] = [];
  readonly prose: Record<'preamble' | 'summary' | 'verdict', string[]> = { preamble: [], summary: [], verdict: [] };
  private section: Section = 'preamble';
  private groupHeadingLevel = 0;
  private inFence = false;
  private afterBlank = false;
  private current: Item | null = null;

  feed(line: string): void {
    if (/^\s*(```|~~~)/.test(line)) this.inFence = !this.inFence;
    if (this.inFence || /^\s*(```|~~~)/.test(line)) {
      this.current?.lines.push(line);
      return;
    }
    if (line.trim() === '') {
      this.afterBlank = true;
      return;
    }
    const heading = classifyHeading(line);
    if (heading !== null) this.onHeading(heading);
    else this.onText(line);
    this.afterBlank = false;
  }

  private inGroup(): boolean {
    return isSeverity(this.section) || this.section === 'strengths';
  }

  private onHeading(heading: Heading): void {
    if (heading.kind === 'other' && this.section === 'preamble') {
      // A title such as "# Code Review" above everything else: keep reading the preamble.
      this.current = null;
      return;
    }
    if (heading.kind === 'other' && this.inGroup() && heading.level > this.groupHeadingLevel) {
      // A finding written as its own heading, e.g. "#### 1. SQL injection in src/db.ts:42".
      this.startItem(heading.text, 'heading', 0, null);
      return;
    }
    this.section = heading.kind;
    this.current = null;
    if (heading.kind !== 'other') this.groupHeadingLevel = heading.level;
    if (this.inGroup()) this.sawLayout = true;
    if (heading.rest !== '' && !isNoneText(heading.rest)) {
      if (this.inGroup()) this.startItem(heading.rest, 'heading', 0, null);
      else this.onText(heading.rest);
    }
  }

  private onText(line: string): void {
    const bullet = BULLET.exec(line);
    const indent = bullet ? (bullet[1] ?? '').length : 0;
    const content = bullet ? (bullet[2] ?? '') : line.trim();
    const current = this.current;

    if (!this.inGroup()) {
      const label = bullet ? severityLabel(content) : null;
      if (label !== null) {
        // A flat list with a severity label on each item needs no group headings.
        this.sawLayout = true;
        this.startItem(label.rest, 'bullet', indent, label.severity);
      } else if (current !== null && /^\s/.test(line)) {
        current.lines.push(line.trim());
      } else {
        this.current = null;
        if (this.section === 'preamble' || this.section === 'summary' || this.section === 'verdict') {
          this.prose[this.section].push(line.trim());
        }
      }
      return;
    }

    if (bullet) {
      const continues = current !== null && (current.start === 'heading' || (current.start === 'bullet' && indent > current.indent));
      if (continues) {
        current.lines.push(line.trim());
        return;
      }
      const label = severityLabel(content);
      this.startItem(label ? label.rest : content, 'bullet', indent, label?.severity ?? null);
      return;
    }
    const indented = /^\s/.test(line);
    if (current !== null && (!this.afterBlank || indented || current.start === 'heading')) {
      current.lines.push(line.trim());
      return;
    }
    this.startItem(content, 'paragraph', 0, null);
  }

  private startItem(first: string, start: ItemStart, indent: number, labelled: Severity | null): void {
    const section = labelled ?? (isSeverity(this.section) || this.section === 'strengths' ? this.section : null);
    if (section === null) {
      this.current = null;
      return;
    }
    this.current = { section, lines: [first], start, indent };
    this.items.push(this.current);
  }
}

function isSeverity(section: Section): section is Severity {
  return section === 'critical' || section === 'important' || section === 'minor';
}

interface Heading {
  kind: Section;
  /** Markdown heading level (1–6), or 0 for a bold or numbered line standing as a heading. */
  level: number;
  /** Text after "Critical:" on the same line, e.g. "None". */
  rest: string;
  text: string;
}

/** A line that opens a section: a # heading, or a short bold/colon line naming a group. */
export function classifyHeading(line: string): Heading | null {
  const trimmed = line.trim();
  if (trimmed.length > 200) return null; // headings are short; this also bounds the work per line
  const hash = /^(#{1,6})\s+(.*)$/.exec(trimmed);
  const level = hash ? (hash[1] as string).length : 0;
  const body = hash ? (hash[2] as string) : trimmed;
  const bullet = BULLET.exec(trimmed);
  if (!hash && bullet && /^[-*+•]/.test(trimmed)) {
    // "- **Critical**: …" is an item with a label, not a heading.
    return null;
  }
  const text = stripMarkup(body.replace(/^\d+[.)]\s+/, '')).replace(/^[^\p{L}\p{N}]+/u, '');
  const match = GROUP_WORDS.exec(text);
  if (match) {
    const rest = (match[2] ?? '').trim();
    // "1. Critical: the loop …" is a numbered item with a label; "1. **Critical**" is a heading.
    const marked = hash !== null || /^(\d+[.)]\s+)?(\*\*|__)/.test(trimmed) || rest === '' || isNoneText(rest);
    if (bullet && !marked) return null;
    return { kind: sectionOf(match[1] as string), level, rest, text };
  }
  if (hash) return { kind: 'other', level, rest: '', text };
  return null;
}

function sectionOf(word: string): Section {
  const w = word.toLowerCase();
  if (w.startsWith('critical') || w.startsWith('blocker')) return 'critical';
  if (w.startsWith('important') || w.startsWith('major')) return 'important';
  if (w.startsWith('minor') || w.startsWith('nit')) return 'minor';
  if (w.startsWith('strength') || w.startsWith('positive') || w.startsWith('what')) return 'strengths';
  if (w === 'verdict' || w.startsWith('ready') || w === 'recommendation' || w === 'conclusion') return 'verdict';
  return 'summary';
}

/** "[Critical] …", "**Critical**: …", "Critical - …", "(minor) …" at the start of an item. */
function severityLabel(text: string): { severity: Severity; rest: string } | null {
  const match =
    /^\s*[[(*_]*\s*(critical|blocker|important|major|minor|nit)\s*[\])*_]*\s*(?:[:\-—–|]|\]|\))\s*[*_]*\s*(.*)$/i.exec(text) ??
    /^\s*\[(critical|blocker|important|major|minor|nit)\]\s*(.*)$/i.exec(text);
  if (!match) return null;
  const severity = severityFrom(match[1]) ?? (match[1]?.toLowerCase() === 'nit' ? 'minor' : null);
  return severity === null ? null : { severity, rest: (match[2] ?? '').trim() };
}

const PATH = String.raw`(?:[\w@~+.-]+/)*[\w@~+.-]*[\w-]\.[A-Za-z][\w]{0,9}|(?:[\w@~+.-]+/)+[\w@~+.-]+`;

const LOCATION_PATTERNS: Array<{ re: RegExp; file: number; line: number; end: number }> = [
  { re: new RegExp(String.raw`\`?(${PATH})\`?#L(\d+)(?:-L?(\d+))?\`?`), file: 1, line: 2, end: 3 },
  { re: new RegExp(String.raw`(?<![\w:/])\`?(${PATH})\`?:(\d+)(?:\s*[-–]\s*(\d+))?\`?`), file: 1, line: 2, end: 3 },
  { re: new RegExp(String.raw`\`?(${PATH})\`?[\s,]*\(?\s*(?:at\s+)?lines?\s+(\d+)(?:\s*[-–]\s*(\d+))?\)?`, 'i'), file: 1, line: 2, end: 3 },
  { re: new RegExp(String.raw`\(?lines?\s+(\d+)(?:\s*[-–]\s*(\d+))?\s+(?:of|in)\s+\`?(${PATH})\`?\)?`, 'i'), file: 3, line: 1, end: 2 },
];

export interface CitedLocation {
  file: string | null;
  line: number | null;
  endLine: number | null;
  /** The text that cited it, so a title can drop it. */
  raw: string;
}

/** The first file (and line) an item cites. */
export function findLocation(text: string): CitedLocation {
  // Citations come first in an item; a bound keeps these regexes linear on runaway answers.
  const clean = text.slice(0, 2000).replace(/\*\*|__/g, '');
  for (const { re, file, line, end } of LOCATION_PATTERNS) {
    const match = [...clean.matchAll(new RegExp(re.source, `${re.flags}g`))].find((m) => !isUrlAt(clean, m.index));
    if (match) {
      const start = Number(match[line]);
      const stop = match[end] === undefined ? null : Number(match[end]);
      return {
        file: match[file] as string,
        line: start > 0 ? start : null,
        endLine: stop !== null && stop > start ? stop : null,
        raw: match[0],
      };
    }
  }
  const bare = new RegExp(String.raw`\`(${PATH})\``).exec(clean) ?? new RegExp(String.raw`\bfile\s*:?\s+\`?(${PATH})\`?`, 'i').exec(clean);
  if (bare && !/^\d+(\.\d+)+$/.test(bare[1] as string)) {
    return { file: bare[1] as string, line: null, endLine: null, raw: bare[0] };
  }
  return { file: null, line: null, endLine: null, raw: '' };
}

function isUrlAt(text: string, index: number): boolean {
  return /https?:\/\/\S*$/.test(text.slice(Math.max(0, index - 200), index + 1));
}

function toFinding(body: string, severity: Severity): ReviewFinding {
  const location = findLocation(body);
  const firstLine = body.split('\n')[0] ?? '';
  const bold = /^\s*(?:\d+[.)]\s*)?(?:\*\*|__)(.+?)(?:\*\*|__)/.exec(firstLine)?.[1];
  let title = stripMarkup(bold ?? firstLine);
  if (location.raw !== '') title = title.replace(location.raw, ' ');
  title = title
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+(in|at|of)\s*$/i, '')
    .replace(/^[\s:—–|-]+|[\s:—–|,-]+$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(title)?.[1] ?? title;
  title = sentence.length > 120 ? `${sentence.slice(0, 117)}…` : sentence;
  const detail = stripMarkup(body);
  if (title === '') title = (detail.split('\n')[0] ?? '').slice(0, 120) || 'Finding';
  return {
    severity,
    category: guessCategory(location.raw === '' ? body : body.replace(location.raw, ' '), severity),
    file: location.file,
    line: location.line,
    endLine: location.endLine,
    quote: null,
    title,
    detail,
  };
}

const VERDICT_PREFIX = /^\s*(ready[ _-]with[ _-]fixes|with fixes|not[ _-]ready|ready|yes|no|approved?|rejected?)\b/i;

function findVerdict(verdictSection: string, whole: string): ReviewAnswer['verdict'] | null {
  const clean = (s: string): string => s.replace(/[*_`#]+/g, ' ').replace(/[ \t]+/g, ' ');
  for (const source of [clean(verdictSection), clean(whole)]) {
    const merge = /ready to merge\s*\??\s*[:\-—–]?\s*(yes|no|with fixes)\b/i.exec(source);
    if (merge) return verdictFrom(merge[1]);
    const named = /verdict\s*[:\-—–]?\s*(ready[ _-]with[ _-]fixes|not[ _-]ready|ready)\b/i.exec(source);
    if (named) return verdictFrom(named[1]);
  }
  const prefix = VERDICT_PREFIX.exec(clean(verdictSection));
  return prefix ? verdictFrom(prefix[1]) : null;
}

function stripMarkup(text: string): string {
  return text
    .replace(/(\*\*|__)([^\n]{0,300}?)\1/g, '$2')
    .replace(/(^|\s)[*_](\S[^\n]{0,200}?\S|\S)[*_](?=\s|$|[.,:;])/g, '$1$2')
    .replace(/\s+$/g, '')
    .trim();
}
