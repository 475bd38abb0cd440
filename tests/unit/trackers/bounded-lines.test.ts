// The Beads files are read as bounded streams of whole lines, from the work tree and from commits
// of a real repository: a cap stops the read and says what was left, an over-long line is skipped.
import { mkfifoSync } from './fifo.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commitFiles,
  mergeSameWarnings,
  MAX_RECORD_CHARS,
  readWarnings,
  workTreeFiles,
  type BeadsFiles,
  type ReadOutcome,
} from '../../../src/trackers/beads/bounded-lines.js';
import { createGit } from '../../../src/git/exec-git.js';
import { formatBytes } from '../../../src/git/size-limits.js';
import { createRepo } from '../../helpers/git-repo.js';

const line = (n: number) => JSON.stringify({ id: `bd-${n}`, title: `Issue ${n}` });
const lines = (count: number) => Array.from({ length: count }, (_, i) => line(i + 1));

/** A repository with `.beads/issues.jsonl` committed and the same in the work tree. */
function repoWith(content: string): { work: BeadsFiles; commit: BeadsFiles } {
  const repo = createRepo();
  repo.commit('tracker', { '.beads/issues.jsonl': content });
  return { work: workTreeFiles(repo.dir), commit: commitFiles(createGit(repo.dir, repo.env), repo.head()) };
}

async function collect(files: BeadsFiles, cap: number): Promise<{ got: Array<[string, number]>; outcome: ReadOutcome | null }> {
  const got: Array<[string, number]> = [];
  const outcome = await files.lines('issues.jsonl', cap, (text, number) => {
    got.push([text, number]);
  });
  return { got, outcome };
}

describe('bounded Beads reads, from the work tree and from a commit alike', () => {
  const all = lines(100);
  const content = `${all.join('\n')}\n`;
  const bytes = Buffer.byteLength(content);
  const { work, commit } = repoWith(content);

  for (const [name, files] of [
    ['work tree', work],
    ['commit', commit],
  ] as const) {
    it(`${name}: under the cap every line comes, numbered, and nothing is said`, async () => {
      const { got, outcome } = await collect(files, bytes + 10);
      expect(got.map(([text]) => text)).toEqual(all);
      expect(got.at(-1)![1]).toBe(100);
      expect(outcome).toEqual({ size: bytes, read: bytes, lines: 100, capped: false, longLines: [] });
      expect(readWarnings('.beads/issues.jsonl x', outcome!, bytes + 10)).toEqual([]);
    });

    it(`${name}: at the cap the read stops after whole lines and the warning says how much of what was read`, async () => {
      const cap = Math.floor(bytes / 2);
      const { got, outcome } = await collect(files, cap);
      const whole = Math.floor(cap / (Buffer.byteLength(all[0]!) + 1));
      expect(got.length).toBeGreaterThanOrEqual(whole - 10);
      expect(got.length).toBeLessThan(100);
      // Only whole records: each one parses.
      for (const [text] of got) expect(() => JSON.parse(text)).not.toThrow();
      expect(outcome).toMatchObject({ size: bytes, lines: got.length, capped: true, longLines: [] });
      expect(outcome!.read).toBeLessThanOrEqual(cap);
      expect(readWarnings('.beads/issues.jsonl at abc', outcome!, cap)).toEqual([
        `.beads/issues.jsonl at abc: read the first ${formatBytes(outcome!.read)} (${got.length} lines) of ${formatBytes(bytes)}, the most read of a Beads export (${formatBytes(cap)}); issues recorded after that are not known to this review`,
      ]);
    });
  }

  it('a missing file is null, from either source', async () => {
    expect(await work.lines('beads.jsonl', 1000, () => undefined)).toBeNull();
    expect(await commit.lines('beads.jsonl', 1000, () => undefined)).toBeNull();
    expect(await commit.present()).toBe(true);
    expect(await commitFiles(createGit(createRepo().dir, {}), 'HEAD').present()).toBe(false);
  });
});

describe('over-long lines', () => {
  it('a line over 1 MB is skipped and named, the lines around it kept; from the work tree and a commit', async () => {
    const long = `{"id":"bd-blob","description":"${'x'.repeat(MAX_RECORD_CHARS + 5)}"}`;
    const content = `${line(1)}\n${long}\n${line(3)}\n`;
    const { work, commit } = repoWith(content);
    for (const files of [work, commit]) {
      const { got, outcome } = await collect(files, 32 * 1024 * 1024);
      expect(got).toEqual([
        [line(1), 1],
        [line(3), 3],
      ]);
      expect(outcome).toMatchObject({ lines: 2, capped: false, longLines: [2] });
      expect(readWarnings('.beads/issues.jsonl in the work tree', outcome!, 32 * 1024 * 1024)).toEqual([
        '.beads/issues.jsonl in the work tree: skipped 1 line longer than 1 MB (line 2); no issue record is that long',
      ]);
    }
  });
});

describe('what is not a file', () => {
  it('a pipe where the export should be is passed over, never waited on', async () => {
    const repo = createRepo();
    mkdirSync(join(repo.dir, '.beads'));
    writeFileSync(join(repo.dir, '.beads', 'beads.jsonl'), `${line(1)}\n`);
    mkfifoSync(join(repo.dir, '.beads', 'issues.jsonl'));
    const files = workTreeFiles(repo.dir);
    expect(await files.lines('issues.jsonl', 1000, () => undefined)).toBeNull();
    expect((await files.lines('beads.jsonl', 1000, () => undefined))?.lines).toBe(1);
  });
});

describe('mergeSameWarnings', () => {
  it('says one warning about one file read at several places once, naming the places; others pass in order', () => {
    const rest =
      'read the first 32 MB (16,710 lines) of 200 MB, the most read of a Beads export (32 MB); issues recorded after that are not known to this review';
    expect(
      mergeSameWarnings([
        `.beads/issues.jsonl at 7b360c9b4687: ${rest}`,
        'task context: something else',
        `.beads/issues.jsonl at edc81414120c: ${rest}`,
        `.beads/issues.jsonl in the work tree: ${rest}`,
        '.beads/issues.jsonl at 7b360c9b4687: skipped 1 malformed line (line 3)',
      ]),
    ).toEqual([
      `.beads/issues.jsonl (at 7b360c9b4687, at edc81414120c and in the work tree): ${rest}`,
      'task context: something else',
      '.beads/issues.jsonl at 7b360c9b4687: skipped 1 malformed line (line 3)',
    ]);
  });
});
