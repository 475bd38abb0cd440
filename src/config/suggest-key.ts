// Picks the known key an unknown one was most likely meant to be, for "did you mean" hints.

/** Spellings people carry over from other tools, which edit distance alone would miss. */
const ALIASES: Record<string, string> = {
  baseurl: 'baseURL',
  endpoint: 'baseURL',
  apibase: 'baseURL',
  url: 'baseURL',
  failon: 'blockOn',
  severity: 'blockOn',
  timeout: 'timeoutSeconds',
  retries: 'maxRetries',
  ignore: 'exclude',
  prompt: 'instructions',
};

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest of `known` to `unknown`, or null when nothing is close enough to be a likely typo. */
export function suggestKey(unknown: string, known: readonly string[]): string | null {
  const target = normalise(unknown);
  if (target === '') return null;
  for (const key of known) if (normalise(key) === target) return key;
  const alias = ALIASES[target];
  if (alias !== undefined && known.includes(alias)) return alias;

  // `maxAge` for `maxAgeDays`, `timeoutSecond` for `timeoutSeconds`: a shortened or lengthened name.
  const prefixed = known.filter((key) => {
    const k = normalise(key);
    return Math.min(k.length, target.length) >= 4 && (k.startsWith(target) || target.startsWith(k));
  });
  if (prefixed.length === 1) return prefixed[0]!;

  let best: string | null = null;
  let bestScore = Infinity;
  for (const key of known) {
    const score = distance(target, normalise(key));
    if (score < bestScore) {
      best = key;
      bestScore = score;
    }
  }
  // Allow roughly one edit in three characters; beyond that the "suggestion" is noise.
  const limit = Math.max(2, Math.floor(target.length / 3));
  return bestScore <= limit ? best : null;
}
