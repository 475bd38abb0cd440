// The Beads files are read as streams of lines within bounds, from the work tree or from a commit,
// so an export of any size costs bounded time and memory. The export of a large project (thousands
// of issues of a few KB each) is a few MB; reading stops at MAX_EXPORT_BYTES, ten times that, and a
// line longer than MAX_RECORD_CHARS (no issue record is that long; a stray blob can be) is skipped.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Git, splitLines } from '../../git/exec-git.js';
import { formatBytes } from '../../git/size-limits.js';

export const MAX_EXPORT_BYTES = 32 * 1024 * 1024;
export const MAX_RECORD_CHARS = 1024 * 1024;
/** metadata.json, config.yaml: a few lines each. */
export const MAX_SMALL_FILE_BYTES = 64 * 1024;

/** One whole line (never a piece of one) with its 1-based number. */
export type OnRecord = (text: string, number: number) => void;

export interface ReadOutcome {
  /** The file's size in bytes. */
  size: number;
  /** Bytes scanned: the lines handed over and the long ones skipped. */
  read: number;
  /** Lines handed over. */
  lines: number;
  /** Reading stopped at the byte cap: lines after `read` bytes were not read. */
  capped: boolean;
  /** Numbers of the lines skipped for being longer than MAX_RECORD_CHARS. */
  longLines: number[];
}

/** Where Beads files are read from: the work tree, or one commit. */
export interface BeadsFiles {
  /** `in the work tree`, `at 1a2b3c4d5e6f`: for warnings. */
  where: string;
  /** Whether `.beads/` is there at all (one cheap question before any file). */
  present(): Promise<boolean>;
  /** Streams `.beads/<name>` within `maxBytes`; null when the file is not there. */
  lines(name: string, maxBytes: number, onRecord: OnRecord): Promise<ReadOutcome | null>;
  /** A small file whole (within maxBytes); null when it is not there. */
  text(name: string, maxBytes: number): Promise<string | null>;
}

/** Thrown by the line handler to stop a read at its cap; never escapes this module. */
class EnoughRead extends Error {}

/**
 * The line handler for splitLines/git.stream: whole lines handed on until the bytes scanned (long
 * lines included, though skipped) reach the cap; a line longer than MAX_RECORD_CHARS is skipped.
 */
function boundedHandler(maxBytes: number, onRecord: OnRecord, outcome: ReadOutcome) {
  let number = 0;
  return (text: string, continued: boolean): void => {
    const bytes = Buffer.byteLength(text, 'utf8') + (continued ? 0 : 1);
    if (outcome.read + bytes > maxBytes) {
      outcome.capped = true;
      throw new EnoughRead();
    }
    outcome.read += bytes;
    if (continued) return; // the rest of a line already found too long
    number += 1;
    if (text.length > MAX_RECORD_CHARS) {
      outcome.longLines.push(number);
      return;
    }
    outcome.lines += 1;
    onRecord(text, number);
  };
}

const newOutcome = (size: number): ReadOutcome => ({ size, read: 0, lines: 0, capped: false, longLines: [] });

/** `.beads/` files in the work tree at `toplevel`. */
export function workTreeFiles(toplevel: string): BeadsFiles {
  const files: BeadsFiles = {
    where: 'in the work tree',
    async present() {
      try {
        return (await stat(join(toplevel, '.beads'))).isDirectory();
      } catch {
        return false;
      }
    },
    async lines(name, maxBytes, onRecord) {
      const path = join(toplevel, '.beads', name);
      let size: number;
      try {
        const stats = await stat(path);
        // A pipe or device where the file should be would never end.
        if (!stats.isFile()) return null;
        size = stats.size;
      } catch {
        return null;
      }
      const outcome = newOutcome(size);
      // The cap plus one piece's worth (4 bytes a character at most): never more comes off the disk,
      // and the handler stops at the cap before this end can cut a line.
      const stream = createReadStream(path, { end: maxBytes + (MAX_RECORD_CHARS + 1) * 4 });
      try {
        // +1: a line of exactly MAX_RECORD_CHARS is whole; one piece longer is a line too long.
        await splitLines(stream, MAX_RECORD_CHARS + 1, boundedHandler(maxBytes, onRecord, outcome));
      } catch (error) {
        if (!(error instanceof EnoughRead)) return null;
      } finally {
        stream.destroy();
      }
      return outcome;
    },
    text: (name, maxBytes) => wholeText(files, name, maxBytes),
  };
  return files;
}

/** `.beads/` files as committed at `rev`: one `git ls-tree` says which exist and their sizes. */
export function commitFiles(git: Git, rev: string): BeadsFiles {
  let listing: Promise<Map<string, number> | null> | null = null;
  const list = (): Promise<Map<string, number> | null> => {
    listing ??= git.tryRun(['ls-tree', '-l', '-z', rev, '--', '.beads/']).then((result) => {
      if (result.exitCode !== 0) return null;
      const sizes = new Map<string, number>();
      // <mode> SP <type> SP <oid> SP <size, padded> TAB <path> NUL
      for (const entry of result.stdout.split('\0')) {
        const match = /^\d+ blob [0-9a-f]+ +(\d+)\t\.beads\/(.+)$/s.exec(entry);
        if (match) sizes.set(match[2] as string, Number(match[1]));
      }
      return sizes.size === 0 && !result.stdout.includes('.beads/') ? null : sizes;
    });
    return listing;
  };
  const files: BeadsFiles = {
    where: `at ${rev.slice(0, 12)}`,
    present: async () => (await list()) !== null,
    async lines(name, maxBytes, onRecord) {
      const size = (await list())?.get(name);
      if (size === undefined) return null;
      const outcome = newOutcome(size);
      try {
        await git.stream(['cat-file', 'blob', `${rev}:.beads/${name}`], boundedHandler(maxBytes, onRecord, outcome), {
          maxLineChars: MAX_RECORD_CHARS + 1,
        });
      } catch (error) {
        if (!(error instanceof EnoughRead)) return null;
      }
      return outcome;
    },
    text: (name, maxBytes) => wholeText(files, name, maxBytes),
  };
  return files;
}

async function wholeText(files: BeadsFiles, name: string, maxBytes: number): Promise<string | null> {
  const lines: string[] = [];
  const outcome = await files.lines(name, maxBytes, (text) => {
    lines.push(text);
  });
  return outcome === null ? null : lines.join('\n');
}

/** What a bounded read left out, as warnings naming the file: lines too long, and the part over the cap. */
export function readWarnings(origin: string, outcome: ReadOutcome, maxBytes: number): string[] {
  const warnings: string[] = [];
  const long = outcome.longLines;
  if (long.length > 0) {
    const shown = long.slice(0, 5).join(', ') + (long.length > 5 ? ', …' : '');
    warnings.push(
      `${origin}: skipped ${long.length} line${long.length === 1 ? '' : 's'} longer than ${formatBytes(MAX_RECORD_CHARS)} (line ${shown}); no issue record is that long`,
    );
  }
  if (outcome.capped) {
    warnings.push(
      `${origin}: read the first ${formatBytes(outcome.read)} (${outcome.lines.toLocaleString('en-US')} lines) of ${formatBytes(outcome.size)}, ` +
        `the most read of a Beads export (${formatBytes(maxBytes)}); issues recorded after that are not known to this review`,
    );
  }
  return warnings;
}

/**
 * The same warning about the same file read at several places (the pushed head, the base, the work
 * tree: often the one file) said once, naming the places: ".beads/issues.jsonl (at 1a2b…, in the
 * work tree): …". Other warnings pass unchanged, in order.
 */
export function mergeSameWarnings(warnings: readonly string[]): string[] {
  const groups = new Map<string, { file: string; rest: string; wheres: string[] }>();
  const out: Array<string | { key: string }> = [];
  for (const warning of warnings) {
    const match = /^(\.beads\/\S+) (at [0-9a-f]+|in the work tree): (.*)$/s.exec(warning);
    if (!match) {
      out.push(warning);
      continue;
    }
    const [, file, where, rest] = match as unknown as [string, string, string, string];
    const key = `${file}\0${rest}`;
    const group = groups.get(key);
    if (group) {
      if (!group.wheres.includes(where)) group.wheres.push(where);
    } else {
      groups.set(key, { file, rest, wheres: [where] });
      out.push({ key });
    }
  }
  return out.map((item) => {
    if (typeof item === 'string') return item;
    const { file, rest, wheres } = groups.get(item.key)!;
    if (wheres.length === 1) return `${file} ${wheres[0]}: ${rest}`;
    return `${file} (${wheres.slice(0, -1).join(', ')} and ${wheres.at(-1)}): ${rest}`;
  });
}
