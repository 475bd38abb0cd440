// The second round: when the last review blocked a push of the same ref (or of commits this one
// also carries), its findings go to the model as "previous round", and the report lists those no
// longer found. Pure; read-previous-round.ts reads the file.
//
// A second round needs something to have changed. When the push changes exactly what the last
// review reviewed (the same base and head trees: a re-push after a block, an override, the hook
// after a manual run, a rebase that changes no content), it is the same round again: it gets the
// previous round that review was given (round-state.ts keeps it), not that review's own findings.
// So the same changes are reviewed with the same prompt, the review cache answers, and an override
// records the findings the person was shown.
import { isOneOf, SEVERITIES } from '../domain/lists.js';
import { formatLocation } from '../report/format.js';
import { ALLOWED_TITLE_PREFIX } from './fingerprint.js';
import type { Finding, PushRange, Severity } from '../domain/types.js';

export interface PreviousFinding {
  id: string;
  severity: Severity;
  file: string | null;
  line: number | null;
  endLine: number | null;
  title: string;
  /** 'llm' or 'check:<name>': a check's finding can be judged even when the model did not run. */
  source: string;
  /** The reason of the checks allow-list entry that accepted it (Finding.allowedByConfig), if one did. */
  allowedByConfig?: string;
}

/** More than this and the prompt gets the first ones only (they are sorted by severity). */
const MAX_PREVIOUS = 40;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/**
 * The findings of a saved report (last-review.json) when that review blocked and covered the same
 * refs or commits as now; otherwise null. Anything malformed in the file reads as "no previous round".
 */
export function previousFindings(saved: unknown, ranges: readonly Pick<PushRange, 'ref' | 'commits'>[]): PreviousFinding[] | null {
  if (!isObject(saved) || saved.verdict !== 'block' || !Array.isArray(saved.ranges) || !Array.isArray(saved.findings)) return null;
  // Labels of manual runs ("HEAD", "A..B") are not refs and say nothing about sameness.
  const refs = new Set(ranges.map((r) => r.ref).filter((ref) => ref.startsWith('refs/')));
  const commits = new Set(ranges.flatMap((r) => r.commits));
  const overlaps = saved.ranges.some(
    (r) =>
      isObject(r) &&
      ((typeof r.ref === 'string' && refs.has(r.ref)) ||
        (Array.isArray(r.commits) && r.commits.some((c) => typeof c === 'string' && commits.has(c)))),
  );
  if (!overlaps) return null;
  const out = parsePreviousFindings(saved.findings);
  return out.length === 0 ? null : out;
}

/** The well-formed findings of a saved list; anything malformed is left out. */
export function parsePreviousFindings(list: readonly unknown[]): PreviousFinding[] {
  const out: PreviousFinding[] = [];
  for (const f of list) {
    if (!isObject(f) || typeof f.id !== 'string' || typeof f.title !== 'string' || !isOneOf(SEVERITIES, f.severity)) continue;
    out.push({
      id: f.id,
      severity: f.severity as Severity,
      file: typeof f.file === 'string' && f.file !== '' ? f.file : null,
      line: positive(f.line),
      endLine: positive(f.endLine),
      title: f.title,
      source: typeof f.source === 'string' ? f.source : 'llm',
      ...(typeof f.allowedByConfig === 'string' ? { allowedByConfig: f.allowedByConfig } : {}),
    });
  }
  return out;
}

/** Where a reviewed range starts and ends. */
export interface RangeEnds {
  base: string;
  head: string;
}

/** The ends of each range a saved report (or round state) covered; null when it has none or any is malformed. */
export function savedRangeEnds(saved: unknown): RangeEnds[] | null {
  if (!isObject(saved) || !Array.isArray(saved.ranges) || saved.ranges.length === 0) return null;
  const ends: RangeEnds[] = [];
  for (const r of saved.ranges) {
    if (!isObject(r) || typeof r.base !== 'string' || typeof r.head !== 'string') return null;
    ends.push({ base: r.base, head: r.head });
  }
  return ends;
}

/**
 * Whether two pushes change the same thing: the same base and head pairs, in any order, compared
 * through `key` (a commit's tree, so a rebase that changes no content is the same change).
 */
export function sameChange(a: readonly RangeEnds[], b: readonly RangeEnds[], key: (oid: string) => string = (oid) => oid): boolean {
  const ids = (ends: readonly RangeEnds[]): string =>
    ends
      .map((e) => `${key(e.base)}..${key(e.head)}`)
      .sort()
      .join(' ');
  return a.length === b.length && ids(a) === ids(b);
}

export function describePrevious(f: PreviousFinding): string {
  const where = formatLocation(f);
  // An allowed finding is named as it was when its title carried the words, so the model is told it
  // was allowed and the same previous round gives the same prompt (and cache key) as before.
  const title = `${f.allowedByConfig === undefined ? '' : ALLOWED_TITLE_PREFIX}${f.title.replace(/\s*\n\s*/g, ' ').trim()}`;
  return `${f.id} (${f.severity}) ${where}: ${title}`;
}

/** The previous round for the prompt: one line per finding (id, severity, file:line, title). */
export function formatPreviousRound(findings: readonly PreviousFinding[]): string {
  const shown = findings.slice(0, MAX_PREVIOUS).map((f) => `- ${describePrevious(f)}`);
  if (findings.length > MAX_PREVIOUS) shown.push(`- …and ${findings.length - MAX_PREVIOUS} more`);
  return ['The previous review blocked the push with these findings (ids are from that review):', ...shown].join('\n');
}

const normalTitle = (t: string): string =>
  t
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function sameTitle(a: string, b: string): boolean {
  const x = normalTitle(a);
  const y = normalTitle(b);
  if (x === '' || y === '') return false;
  return x === y || (Math.min(x.length, y.length) >= 12 && (x.includes(y) || y.includes(x)));
}

/** Line ranges overlap, with a little slack because fixing code above a line moves it. */
function linesOverlap(
  a: { line: number | null; endLine: number | null },
  b: { line: number | null; endLine: number | null },
  slack = 3,
): boolean {
  if (a.line === null || b.line === null) return false;
  const aEnd = Math.max(a.line, a.endLine ?? a.line);
  const bEnd = Math.max(b.line, b.endLine ?? b.line);
  return a.line - slack <= bEnd && b.line - slack <= aEnd;
}

/**
 * Previous findings that the current review no longer reports: resolved unless a current finding
 * has the same file and an overlapping line or the same title. Computed rather than asked of the
 * model, so the answer schema stays as it is and the judgement is reproducible. A model finding is
 * judged only when the model review ran this time; a check's finding always (checks always run).
 */
export function resolvedFindings(
  previous: readonly PreviousFinding[],
  current: readonly Pick<Finding, 'file' | 'line' | 'endLine' | 'title'>[],
  modelRan: boolean,
  checkRan: (name: string) => boolean = () => true,
): PreviousFinding[] {
  return previous.filter((p) => {
    if (p.source === 'llm' && !modelRan) return false;
    // A check turned off since did not look again: its finding is not resolved, only no longer checked.
    if (!stillChecked(p, checkRan)) return false;
    return !current.some((c) => c.file === p.file && (linesOverlap(p, c) || sameTitle(p.title, c.title)));
  });
}

/** Whether what raised a previous finding looked again this round (a check may have been turned off since). */
export function stillChecked(previous: Pick<PreviousFinding, 'source'>, checkRan: (name: string) => boolean): boolean {
  return !previous.source.startsWith('check:') || checkRan(previous.source.slice('check:'.length));
}
