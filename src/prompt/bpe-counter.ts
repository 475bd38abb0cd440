// The exact token counter: gpt-tokenizer's o200k encoding, run in whichever thread loads it. The
// token-count worker (token-worker.ts) serves it off the main thread; tokens.ts falls back to it in
// the main thread when the worker cannot start. Both count with this one function, so the counts
// are the same either way.

/** Counts one text; a counter may also count a batch in one call (the worker's does, in one round trip). */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export type Counter = ((text: string) => number) & { each?: (texts: readonly string[]) => number[] };

/** Each text's count, in one batch when the counter takes batches. */
export function countEach(count: Counter, texts: readonly string[]): number[] {
  return count.each ? count.each(texts) : texts.map((text) => count(text));
}

/** The ranks as JSON beside this code in the build (scripts/build.js writes it); absent in the sources. */
const RANKS_FILE = new URL('./o200k_base.json', import.meta.url);

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

/** Loads the tokenizer: its o200k ranks and the maps built from them (about 0.1 s). */
export async function loadBpeCounter(): Promise<Counter> {
  const countTokens = await loadEncoding();
  // Diffs may contain text like "<|endoftext|>"; count it as plain text instead of throwing.
  const options = { disallowedSpecial: new Set<string>() };
  return boundedCounter((text) => countTokens(text, options));
}

/**
 * gpt-tokenizer's own o200k encoding, built from the ranks in JSON when the build wrote them (parsing
 * them takes a fraction of compiling the package's 2.4 MB array literal), else from the package.
 */
async function loadEncoding(): Promise<CountTokens> {
  let text: string;
  try {
    text = await readFile(RANKS_FILE, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return (await import('gpt-tokenizer')).countTokens;
  }
  const { GptEncoding } = await import('gpt-tokenizer/GptEncoding');
  try {
    const ranks = JSON.parse(text) as Array<string | number[]>;
    return GptEncoding.getEncodingApi('o200k_base', () => ranks).countTokens;
  } catch (error) {
    throw new Error(
      `the tokenizer's ranks in ${fileURLToPath(RANKS_FILE)} are damaged (${(error as Error).message}); reinstall review-hook`,
      {
        cause: error,
      },
    );
  }
}

/** Unbroken runs longer than this are counted in slices of this size. */
const MAX_RUN = 256;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'g');

/**
 * The tokenizer's cost grows with the square of an unbroken run's length (a 200 KB word took 27 s),
 * so runs longer than MAX_RUN characters are counted in slices: linear time, and a count that can
 * only err high by about a token per slice, which keeps every budget check safe.
 */
export function boundedCounter(count: Counter): Counter {
  return (text) => {
    if (!hasLongRun(text)) return count(text);
    LONG_RUN.lastIndex = 0;
    let total = 0;
    let at = 0;
    for (const match of text.matchAll(LONG_RUN)) {
      if (match.index > at) total += count(text.slice(at, match.index));
      const run = match[0];
      for (let i = 0; i < run.length; i += MAX_RUN) total += count(run.slice(i, i + MAX_RUN));
      at = match.index + run.length;
    }
    if (at < text.length) total += count(text.slice(at));
    return total;
  };
}

/**
 * Whether `text` has a run of more than MAX_RUN characters that LONG_RUN matches (\S, by UTF-16
 * unit). A plain scan: about four times faster than the regular expression, and every counted text
 * goes through it.
 */
function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) run = 0;
    else if (++run > MAX_RUN) return true;
  }
  return false;
}

/** The characters \s matches in JavaScript: ASCII white space, the Unicode space separators, line terminators, BOM. */
function isSpace(c: number): boolean {
  if (c < 0xa0) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
