// Which earlier commit a commit message says it reverts or fixes. Pure; table-tested.
//   git revert's own line:    This reverts commit <sha>.
//   a Fixes trailer:          Fixes: <sha> ("subject")
//   a fix naming a commit:    Fix the off-by-one from <sha> / fixes commit <sha>
// A match is only a candidate: the caller checks that the repository has that commit.

export interface HistoryRef {
  kind: 'revert' | 'fix';
  /** The abbreviated or full commit id as written. */
  ref: string;
}

const REVERT = /This reverts commit ([0-9a-f]{7,64})\b/i;
const FIXES_TRAILER = /^Fixes:\s*(?:commit\s+)?([0-9a-f]{7,64})\b/im;
const FIX_MENTION = /\bfix(?:es|ed|ing)?\b[^\n]*?\b([0-9a-f]{7,64})\b/i;

/** A run of hex digits that is a commit id rather than a word ("decade", "effaced") or a number. */
function looksLikeOid(text: string): boolean {
  return /[0-9]/.test(text) && /[a-f]/i.test(text);
}

export function historyRef(message: string): HistoryRef | null {
  const revert = REVERT.exec(message);
  if (revert?.[1]) return { kind: 'revert', ref: revert[1].toLowerCase() };
  for (const pattern of [FIXES_TRAILER, FIX_MENTION]) {
    const match = pattern.exec(message);
    if (match?.[1] && looksLikeOid(match[1])) return { kind: 'fix', ref: match[1].toLowerCase() };
  }
  return null;
}

/**
 * Groups line numbers into [first, last] ranges, joining numbers at most `gap` apart (a defect spread
 * over a few lines with a blank line between is one range).
 */
export function groupLines(lines: readonly number[], gap = 2): Array<[number, number]> {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && line - last[1] <= gap) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}
