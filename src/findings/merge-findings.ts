// findings/: what is done to findings once they exist, all pure: placed on the diff (locate-findings),
// merged across requests (this file), numbered (finding-ids), fingerprinted (fingerprint), made from
// missing requirements (missing-requirements), matched against the previous round (previous-round).
//
// Merges the answers of a push reviewed in several requests into one review. Pure.
//
// Requests see different files, so the same problem is reported twice mainly for things that span
// files (missing tests, a requirement) and at the seam of a file split across requests. Two
// findings are one when they are about the same file (or both about none), their lines overlap
// (or either has no line), and their titles say the same thing. The merged finding keeps the
// strongest severity and the best location. The order of the answers does not matter: the result
// depends only on the set of findings, so ids stay stable however requests finish.
import { SEVERITY_RANK } from '../domain/lists.js';
import { compareFindings } from './finding-ids.js';
import type { Finding, RequirementResult, RequirementStatus } from '../domain/types.js';

type Unnumbered = Omit<Finding, 'id'> & { id?: string };

/** Words that say nothing about which problem a title names. */
const STOPWORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'not',
  'are',
  'this',
  'that',
  'from',
  'into',
  'when',
  'without',
  'missing',
  'should',
  'could',
  'may',
  'can',
  'does',
  'is',
  'in',
  'of',
  'on',
  'to',
  'a',
  'an',
  'no',
  'be',
  'by',
  'or',
  'it',
  'its',
  'at',
  'as',
]);

/** A title's meaningful words, lower case, with a crude plural fold ("tests" = "test"). */
export function titleWords(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return new Set(words);
}

/** Whether two titles name the same problem: most of their words are shared. */
export function sameProblem(a: string, b: string): boolean {
  const x = titleWords(a);
  const y = titleWords(b);
  if (x.size === 0 || y.size === 0) return a.trim().toLowerCase() === b.trim().toLowerCase();
  let shared = 0;
  for (const word of x) if (y.has(word)) shared++;
  // Jaccard similarity, or one title's words all inside the other's ("SQL injection" / "SQL injection in find()").
  return shared / (x.size + y.size - shared) >= 0.5 || shared === Math.min(x.size, y.size);
}

function linesOverlap(a: Unnumbered, b: Unnumbered): boolean {
  if (a.line === null || b.line === null) return true;
  const aEnd = a.endLine ?? a.line;
  const bEnd = b.endLine ?? b.line;
  return a.line <= bEnd && b.line <= aEnd;
}

export function isDuplicate(a: Unnumbered, b: Unnumbered): boolean {
  return a.source === b.source && a.file === b.file && linesOverlap(a, b) && sameProblem(a.title, b.title);
}

/** Which of two duplicates to keep first: the more severe, then the located one, then the one with a line, then the fuller. */
function byPreference(a: Unnumbered, b: Unnumbered): number {
  const score = (f: Unnumbered): number[] => [SEVERITY_RANK[f.severity], f.located ? 1 : 0, f.line === null ? 0 : 1, f.detail.length];
  const sa = score(a);
  const sb = score(b);
  for (let i = 0; i < sa.length; i++) {
    if (sa[i]! !== sb[i]!) return sb[i]! - sa[i]!;
  }
  return compareFindings(a, b);
}

/** De-duplicated findings, most severe first, in the order ids are given in. */
export function mergeFindings<T extends Unnumbered>(findings: readonly T[]): T[] {
  const kept: T[] = [];
  // Preferred first, so a duplicate always folds into the finding that stays, whatever the input order.
  for (const finding of [...findings].sort(byPreference)) {
    const index = kept.findIndex((k) => isDuplicate(k, finding));
    if (index < 0) {
      kept.push(finding);
      continue;
    }
    // The kept finding is the more severe; take the duplicate's location when it is the better one.
    const keep = kept[index]!;
    if (finding.located && finding.line !== null && (!keep.located || keep.line === null)) {
      kept[index] = { ...keep, line: finding.line, endLine: finding.endLine, located: true };
    }
  }
  return kept.sort(compareFindings);
}

/** Strengths said by several requests appear once. */
export function mergeStrengths(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of lists.flat()) {
    const key = text
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[.!]+$/, '');
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text.trim());
  }
  return out;
}

/**
 * A requirement judged by several requests takes the best status any of them found: each request
 * sees only part of the push, so "missing" from one part is expected when another part meets it.
 */
const STATUS_RANK: Record<RequirementStatus, number> = { met: 3, partial: 2, unclear: 1, missing: 0 };

export function mergeRequirements(lists: readonly (readonly RequirementResult[])[]): RequirementResult[] {
  const byKey = new Map<string, RequirementResult>();
  for (const item of lists.flat()) {
    const key = item.requirement.trim().toLowerCase().replace(/\s+/g, ' ');
    const current = byKey.get(key);
    if (!current || STATUS_RANK[item.status] > STATUS_RANK[current.status]) byKey.set(key, item);
  }
  return [...byKey.values()];
}

/** One summary: the only one, or each part's, labelled, when the push was reviewed in parts. */
export function mergeSummaries(summaries: ReadonlyArray<{ part: number; count: number; text: string }>): string | null {
  const texts = summaries.filter((s) => s.text.trim() !== '');
  if (texts.length === 0) return null;
  if (texts.length === 1 && texts[0]!.count === 1) return texts[0]!.text.trim();
  return texts.map((s) => `Part ${s.part} of ${s.count}: ${s.text.trim()}`).join('\n');
}
