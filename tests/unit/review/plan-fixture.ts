// Synthetic changesets for the planning tests: many small files and one large one, as parsed diffs.
import type { Changeset, DiffLine, FileChange } from '../../../src/domain/types.js';

export const BASE = '1111111111111111111111111111111111111111';
export const HEAD = '2222222222222222222222222222222222222222';

/** An added file whose line i reads `export const <name>_<i> = <i> * 7; // <name>`. */
export function addedFile(path: string, lines: number): FileChange {
  const name = path.replace(/\W+/g, '_');
  const diffLines: DiffLine[] = Array.from({ length: lines }, (_, i) => ({
    kind: 'add',
    text: `export const ${name}_${i + 1} = ${i + 1} * 7; // ${name}`,
    oldLine: null,
    newLine: i + 1,
  }));
  return {
    path,
    oldPath: null,
    status: 'added',
    binary: false,
    additions: lines,
    deletions: 0,
    hunks: [{ header: `@@ -0,0 +1,${lines} @@`, oldStart: 0, oldLines: 0, newStart: 1, newLines: lines, lines: diffLines }],
  };
}

/** A modified file with one hunk: three context lines, `removed` deletions and `added` additions, at line `at`. */
export function modifiedFile(path: string, at: number, removed: number, added: number): FileChange {
  const lines: DiffLine[] = [];
  let oldLine = at;
  let newLine = at;
  for (let i = 0; i < 3; i++) lines.push({ kind: 'context', text: `context ${i} of ${path}`, oldLine: oldLine++, newLine: newLine++ });
  for (let i = 0; i < removed; i++) lines.push({ kind: 'del', text: `old ${i} of ${path}`, oldLine: oldLine++, newLine: null });
  for (let i = 0; i < added; i++) lines.push({ kind: 'add', text: `new ${i} of ${path}`, oldLine: null, newLine: newLine++ });
  return {
    path,
    oldPath: null,
    status: 'modified',
    binary: false,
    additions: added,
    deletions: removed,
    hunks: [
      {
        header: `@@ -${at},${3 + removed} +${at},${3 + added} @@`,
        oldStart: at,
        oldLines: 3 + removed,
        newStart: at,
        newLines: 3 + added,
        lines,
      },
    ],
  };
}

export function changesetOf(files: FileChange[]): Changeset {
  return {
    ranges: [{ ref: 'refs/heads/main', base: BASE, head: HEAD, commits: [HEAD], notes: [] }],
    commits: [{ oid: HEAD, subject: 'Add many modules', body: '', author: 'A <a@example.com>' }],
    files,
    skipped: [{ file: 'package-lock.json', reason: 'excluded by pattern package-lock.json' }],
  };
}

/** 60 small files and one of 1,500 lines, the shape of the large-push scenario. */
export function largePush(): Changeset {
  const files = Array.from({ length: 60 }, (_, i) => addedFile(`src/mod-${String(i).padStart(2, '0')}.js`, 20));
  files.splice(30, 0, addedFile('src/big.js', 1500));
  return changesetOf(files);
}
