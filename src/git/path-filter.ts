// Matches repository paths against the include/exclude/neverSend globs, gitignore-style, so a
// pattern like `*.pem` or `.env*` catches the file at any depth, as people expect:
// - a pattern without `/` (other than a trailing one) matches a file or directory name at any depth;
// - a pattern with `/` inside (or a leading `/`) is matched against the whole path from the root;
// - a trailing `/` matches directories only; a matching directory matches everything under it;
// - `*` stays within one path segment, `**` spans segments, dotfiles match (picomatch dot:true).
// Negated patterns (`!x`) are refused: a list is a union, so a negation would match everything else.
import picomatch from 'picomatch';
import { ConfigError } from '../errors.js';

export interface PathMatcher {
  /** The first pattern that matches the path, or null. */
  match(path: string): string | null;
}

interface Compiled {
  pattern: string;
  test: (candidate: string) => boolean;
  anchored: boolean;
  dirOnly: boolean;
}

function compile(pattern: string): Compiled | null {
  let glob = pattern.trim();
  if (glob === '') return null;
  if (glob.startsWith('!')) {
    throw new ConfigError(`pattern "${pattern}": negated patterns are not supported`, null, {
      hint: 'List the files to leave out under "exclude" instead.',
    });
  }
  const dirOnly = glob.endsWith('/');
  glob = glob.replace(/\/+$/, '');
  let anchored = glob.includes('/');
  glob = glob.replace(/^\/+/, '');
  if (glob === '') return null;
  if (glob.startsWith('**/')) anchored = true; // already spans any depth
  return { pattern, test: picomatch(glob, { dot: true }), anchored, dirOnly };
}

export function createPathMatcher(patterns: readonly string[]): PathMatcher {
  const compiled = patterns.map(compile).filter((c): c is Compiled => c !== null);
  // A push asks about the same paths again and again (once per commit that touches them).
  const known = new Map<string, string | null>();
  return {
    match(path) {
      const cached = known.get(path);
      if (cached !== undefined) return cached;
      const result = firstMatch(compiled, path);
      known.set(path, result);
      return result;
    },
  };
}

function firstMatch(compiled: readonly Compiled[], path: string): string | null {
  const segments = path.replace(/\\/g, '/').replace(/^\/+/, '').split('/').filter(Boolean);
  for (const c of compiled) {
    // The file itself (index = last) and each directory above it.
    for (let end = segments.length; end >= 1; end--) {
      const isDir = end < segments.length;
      if (c.dirOnly && !isDir) continue;
      const candidate = c.anchored ? segments.slice(0, end).join('/') : segments[end - 1]!;
      if (c.test(candidate)) return c.pattern;
    }
  }
  return null;
}
