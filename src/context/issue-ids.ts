// Finding the issue ids a push names, in the order that says most about intent: --issue, the
// tracker records whose text the push itself rewrites, commit trailers, `(id)` in subjects, the
// branch name, and commit bodies. Every id found here is only a candidate: the caller keeps those the tracker
// has, which is what rules out words that merely look like ids (`feature-login`). Pure.
import type { CommitInfo } from '../domain/types.js';
import { splitTrailers } from './trailers.js';

export type IdSource = 'flag' | 'trailer' | 'subject' | 'branch' | 'body' | 'changed';

export interface Candidate {
  id: string;
  source: IdSource;
  /**
   * A bare token from --issue or a trailer that may be a Beads hash without its prefix
   * ("Issue: a1b2"); accepted only when exactly one tracker id ends in it.
   */
  loose: boolean;
}

export interface IdMatcher {
  /** Every id in the text, in order. */
  find(text: string): string[];
  /** Ids at the start of a branch-name segment (the start, or right after a `/`). */
  inBranch(branch: string): string[];
}

/** Trailer keys that name the issue a commit works on (compared case-insensitively). */
export const ISSUE_TRAILERS: readonly string[] = ['refs', 'issue', 'closes', 'fixes', 'beads'];

/** Longest text scanned in one commit body: ids are near the top, and user patterns may be slow. */
const MAX_SCAN = 20_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** Splits a Beads id into prefix and the rest: `bd-main-idj` → `bd-main`; `bd-a1b2.3` → `bd`. */
export function beadsPrefix(id: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9_-]*?)-([0-9a-z]+)((?:\.\d+)*)$/.exec(id);
  return match ? (match[1] as string) : null;
}

/**
 * Beads ids with the given prefixes (`<prefix>-<hash>` and children `.N`); null prefixes means any
 * plausible prefix, for when only `bd` can tell which ids exist. Longer prefixes are tried first so
 * `bd-main-idj` is not read as `bd-main`.
 */
export function beadsIdMatcher(prefixes: readonly string[] | null): IdMatcher {
  const alternatives =
    prefixes === null || prefixes.length === 0
      ? '[A-Za-z][A-Za-z0-9_]*'
      : [...new Set(prefixes)]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|');
  const body = `(?:${alternatives})-[0-9a-z]+(?:\\.\\d+)*`;
  // Not inside a word, a path or a file name: `docs/bd-a1b2.md` names a file, not the issue.
  const inText = new RegExp(`(?<![\\w./-])${body}(?![\\w-])`, 'g');
  // In a branch an id may be followed by a slug: bd-a1b2-add-login, bd-a1b2_fix.
  const perPrefix =
    prefixes === null || prefixes.length === 0
      ? [new RegExp(`^${body}(?![0-9a-z])`)]
      : [...new Set(prefixes)]
          .sort((a, b) => b.length - a.length)
          .map((p) => new RegExp(`^${escapeRegExp(p)}-[0-9a-z]+(?:\\.\\d+)*(?![0-9a-z])`));
  return {
    find: (text) => Array.from(text.slice(0, MAX_SCAN).matchAll(inText), (m) => m[0]),
    inBranch: (branch) => branch.split('/').flatMap((segment) => perPrefix.flatMap((re) => re.exec(segment)?.[0] ?? [])),
  };
}

/**
 * Ids by a user pattern (`context.idPattern`) for another tracker. The id is the first capture
 * group that matched, else the whole match, so `#(\d+)` yields `123`.
 */
export function patternIdMatcher(source: string): IdMatcher {
  const re = new RegExp(source, 'g');
  const all = (text: string) =>
    Array.from(text.slice(0, MAX_SCAN).matchAll(re), (m) => ({
      id: m.slice(1).find((g) => g !== undefined && g !== '') ?? m[0],
      index: m.index,
      length: m[0].length,
    })).filter((m) => m.length > 0 && m.id.trim() !== '');
  return {
    find: (text) => all(text).map((m) => m.id),
    inBranch: (branch) =>
      all(branch)
        .filter((m) => m.index === 0 || branch[m.index - 1] === '/')
        .map((m) => m.id),
  };
}

/** The pattern used for a command tracker when none is configured: JIRA-style KEY-123, or #123. */
export const DEFAULT_ID_PATTERN = '(?<![\\w-])[A-Z][A-Z0-9_]+-\\d+(?!\\w)|(?<![\\w&/])#(\\d+)\\b';

export interface CandidateInput {
  flags: readonly string[];
  commits: readonly CommitInfo[];
  branch: string | null;
  matcher: IdMatcher;
  /** Ids whose tracker records' text the push rewrites, most changed first. */
  changed: readonly string[];
}

/**
 * All candidates, best first: by source in the order above; within a source, ids named by more
 * commits first, then by first appearance (oldest commit first). Each id appears once, at its best.
 */
export function collectCandidates(input: CandidateInput): Candidate[] {
  // Key order is rank order: an issue whose own text the push rewrites outranks any mention.
  const tiers: Record<IdSource, Array<{ id: string; loose: boolean }>> = {
    flag: [],
    changed: [],
    trailer: [],
    subject: [],
    branch: [],
    body: [],
  };
  for (const flag of input.flags) {
    for (const token of flag.split(/[\s,]+/).filter(Boolean)) {
      const found = input.matcher.find(token);
      tiers.flag.push(found.length > 0 ? { id: found[0] as string, loose: false } : { id: token, loose: true });
    }
  }
  for (const commit of input.commits) {
    const { text, trailers } = splitTrailers(commit.body);
    const fromTrailers = new Set<string>();
    for (const trailer of trailers) {
      if (!ISSUE_TRAILERS.includes(trailer.key.toLowerCase())) continue;
      const found = input.matcher.find(trailer.value);
      if (found.length > 0) for (const id of found) fromTrailers.add(id);
      else for (const token of trailer.value.split(/[\s,]+/).filter((t) => /^[\w.-]+$/.test(t))) fromTrailers.add(`\0${token}`);
    }
    for (const id of fromTrailers) {
      tiers.trailer.push(id.startsWith('\0') ? { id: id.slice(1), loose: true } : { id, loose: false });
    }
    const inParens = Array.from(commit.subject.matchAll(/\(([^()]*)\)/g), (m) => m[1] as string);
    for (const id of new Set(inParens.flatMap((group) => input.matcher.find(group)))) tiers.subject.push({ id, loose: false });
    for (const id of new Set(input.matcher.find(text))) tiers.body.push({ id, loose: false });
  }
  if (input.branch) for (const id of input.matcher.inBranch(input.branch)) tiers.branch.push({ id, loose: false });
  for (const id of input.changed) tiers.changed.push({ id, loose: false });

  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const source of Object.keys(tiers) as IdSource[]) {
    // Counting is per commit (duplicates within one commit were collapsed above); --issue keeps its order.
    const counts = new Map<string, { loose: boolean; count: number; first: number }>();
    tiers[source].forEach((entry, index) => {
      const key = `${entry.loose ? '\0' : ''}${entry.id}`;
      const known = counts.get(key);
      if (known) known.count += 1;
      else counts.set(key, { loose: entry.loose, count: 1, first: index });
    });
    const ranked = [...counts.entries()].sort(
      ([, a], [, b]) => (source === 'flag' || source === 'changed' ? 0 : b.count - a.count) || a.first - b.first,
    );
    for (const [key, entry] of ranked) {
      const id = entry.loose ? key.slice(1) : key;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ id, source, loose: entry.loose });
    }
  }
  return out;
}

/**
 * Keeps the candidates the tracker has, at most `limit`, best first. A loose token resolves to the
 * one tracker id that ends in `-<token>`, if exactly one does.
 */
export function selectKnownIds(
  candidates: readonly Candidate[],
  known: ReadonlySet<string>,
  limit = 3,
): Array<{ id: string; source: IdSource }> {
  const out: Array<{ id: string; source: IdSource }> = [];
  const taken = new Set<string>();
  for (const candidate of candidates) {
    if (out.length >= limit) break;
    let id: string | null = known.has(candidate.id) ? candidate.id : null;
    if (id === null && candidate.loose) {
      const matches = [...known].filter((k) => k.endsWith(`-${candidate.id}`));
      if (matches.length === 1) id = matches[0] as string;
    }
    if (id === null || taken.has(id)) continue;
    taken.add(id);
    out.push({ id, source: candidate.source });
  }
  return out;
}
