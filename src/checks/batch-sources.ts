// Which texts secretlint may lint together, and how to find each one's part of the joined text. Pure.
//
// Only a few rules look at the file's path, and only at these properties of it: npm's rule at
// whether it ends in package.json / package-lock.json or .npmrc, the pattern rule at whether it is
// a .env file (ENV_FILE_GLOBS, matched like the rule matches them: any positive glob and no
// negated one, dot files included). Texts whose paths agree on all three are linted under the
// first one's path with the same result. Texts are joined with a line holding a NUL character,
// which no secret pattern matches and no `\s` or name character crosses, so no lookbehind sees
// into the text before. The joined lint is only a filter: the texts around each match are linted
// again alone, so what a text's hits are never depends on its neighbours.
import picomatch from 'picomatch';
import { ENV_FILE_GLOBS } from './extra-secret-rules.js';

/** Texts joined into one lint call at most, in characters; a larger text is linted alone. */
export const MAX_BATCH_CHARS = 2 << 20;
const SEPARATOR = '\n\0\n';

let isEnvFile: ((path: string) => boolean) | undefined;

/** The path properties the file-specific rules look at, as a key. */
export function pathClass(filePath: string): string {
  isEnvFile ??= envMatcher();
  const pkg = filePath.endsWith('package.json') || filePath.endsWith('package-lock.json');
  return `${pkg ? 'package' : ''}|${filePath.endsWith('.npmrc') ? 'npmrc' : ''}|${isEnvFile(filePath) ? 'env' : ''}`;
}

function envMatcher(): (path: string) => boolean {
  const options = { dot: true };
  const positive = picomatch(
    ENV_FILE_GLOBS.filter((g) => !g.startsWith('!')),
    options,
  );
  const negative = picomatch(
    ENV_FILE_GLOBS.filter((g) => g.startsWith('!')).map((g) => g.slice(1)),
    options,
  );
  return (path) => positive(path) && !negative(path);
}

/**
 * The sources' indices in batches to lint together, each batch's sources in the order given; empty
 * sources are left out (they have nothing to find).
 */
export function batchSources(sources: ReadonlyArray<{ lines: readonly string[]; filePath: string }>): number[][] {
  const open = new Map<string, { indices: number[]; chars: number }>();
  const batches: number[][] = [];
  sources.forEach((source, i) => {
    if (source.lines.length === 0) return;
    let chars = source.lines.length;
    for (const line of source.lines) chars += line.length;
    const key = pathClass(source.filePath);
    const current = open.get(key);
    if (current && current.chars + chars <= MAX_BATCH_CHARS) {
      current.indices.push(i);
      current.chars += chars;
      return;
    }
    const fresh = { indices: [i], chars };
    batches.push(fresh.indices);
    open.set(key, fresh);
  });
  return batches;
}

export interface JoinedSources {
  content: string;
  /**
   * The texts a match at [start, end) of the joined content may belong to: from the one it starts
   * in to the one it ends in, and the next one, since a rule may report a range shorter than what
   * it matched (npm's `_authToken=` rule reports the token's length from the key's start).
   */
  near(start: number, end: number): number[];
}

export function joinSources(texts: ReadonlyArray<readonly string[]>): JoinedSources {
  const starts: number[] = [];
  let offset = 0;
  for (const lines of texts) {
    starts.push(offset);
    let length = Math.max(0, lines.length - 1);
    for (const line of lines) length += line.length;
    offset += length + SEPARATOR.length;
  }
  /** The last text starting at or before `at`. */
  const find = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    content: texts.map((lines) => lines.join('\n')).join(SEPARATOR),
    near(start, end) {
      const first = find(start);
      const last = Math.min(texts.length - 1, find(Math.max(start, end - 1)) + 1);
      return Array.from({ length: last - first + 1 }, (_, k) => first + k);
    },
  };
}
