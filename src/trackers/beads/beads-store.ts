// Reads the Beads JSONL export as the work tree has it and as the pushed ranges' BASE and HEAD
// commits have it. The file has moved between names over the versions (metadata.json's
// `jsonl_export`, issues.jsonl, beads.jsonl) and since Beads 1.0.5 is optional and may be stale.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../git/exec-git.js';
import type { PushRange } from '../../domain/types.js';
import { exportNameFromMetadata, parseBeadsJsonl, parseDeletions, prefixFromConfigYaml } from './parse-beads.js';
import { rankChangedIssues, type ChangedIssue } from '../../context/rank-changed.js';
import type { TrackerIssue } from '../../context/tracker-issue.js';

export interface Snapshot {
  issues: Map<string, TrackerIssue>;
  /** `.beads/issues.jsonl at 1a2b3c4d5e6f`, or `.beads/issues.jsonl in the work tree`. */
  origin: string;
}

export interface BeadsStore {
  /** Each issue's newest record: the pushed heads', or the work tree's when it was updated later. */
  current: Map<string, TrackerIssue>;
  /** Where each current record was read. */
  originOf: Map<string, string>;
  /** Records as they were at the ranges' bases. */
  before: Map<string, TrackerIssue>;
  /** Issues whose records the pushed commits edit, most changed first. */
  changed: ChangedIssue[];
  /** `issue-prefix` from .beads/config.yaml, when set. */
  configPrefix: string | null;
}

const FALLBACK_NAMES = ['issues.jsonl', 'beads.jsonl'];

async function readWorkTreeFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Whether the work tree has a `.beads/` directory (the tracker is set up here). */
export async function hasBeadsDir(toplevel: string | null): Promise<boolean> {
  if (toplevel === null) return false;
  try {
    return (await stat(join(toplevel, '.beads'))).isDirectory();
  } catch {
    return false;
  }
}

async function readAtRev(git: Git, rev: string, path: string): Promise<string | null> {
  const result = await git.tryRun(['cat-file', 'blob', `${rev}:${path}`]);
  return result.exitCode === 0 ? result.stdout : null;
}

type Reader = (path: string) => Promise<string | null>;

/** The export through one reader (work tree or a commit), with deletions.jsonl applied. */
async function readSnapshot(read: Reader, where: string, warnings: string[]): Promise<Snapshot | null> {
  const named = exportNameFromMetadata((await read('.beads/metadata.json')) ?? '');
  for (const name of [...new Set([...(named ? [named] : []), ...FALLBACK_NAMES])]) {
    const content = await read(`.beads/${name}`);
    if (content === null) continue;
    const origin = `.beads/${name} ${where}`;
    const parsed = parseBeadsJsonl(content, origin);
    warnings.push(...parsed.warnings);
    const deletions = await read('.beads/deletions.jsonl');
    if (deletions !== null) for (const id of parseDeletions(deletions)) parsed.issues.delete(id);
    return { issues: parsed.issues, origin };
  }
  return null;
}

export async function readWorkTreeSnapshot(toplevel: string | null, warnings: string[]): Promise<Snapshot | null> {
  if (toplevel === null) return null;
  return readSnapshot((path) => readWorkTreeFile(join(toplevel, path)), 'in the work tree', warnings);
}

export async function readCommitSnapshot(git: Git, rev: string, warnings: string[]): Promise<Snapshot | null> {
  // One cheap question first: most repositories have no tracker, and each file probe is a process.
  if ((await git.tryRun(['cat-file', '-e', `${rev}:.beads`])).exitCode !== 0) return null;
  return readSnapshot((path) => readAtRev(git, rev, path), `at ${rev.slice(0, 12)}`, warnings);
}

const newer = (a: TrackerIssue, b: TrackerIssue): boolean =>
  a.updatedAt !== null && b.updatedAt !== null && Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

/**
 * Everything the tracker's files say about this push, or null when no export exists anywhere
 * (no tracker, or one that keeps its data only in Dolt: then `bd` may still answer).
 */
export async function loadBeadsStore(
  git: Git,
  toplevel: string | null,
  ranges: readonly PushRange[],
  emptyTree: string,
  warnings: string[],
): Promise<BeadsStore | null> {
  const current = new Map<string, TrackerIssue>();
  const originOf = new Map<string, string>();
  const before = new Map<string, TrackerIssue>();
  const changed: ChangedIssue[] = [];
  let found = false;

  for (const range of ranges) {
    const head = await readCommitSnapshot(git, range.head, warnings);
    const base = range.base === emptyTree ? null : await readCommitSnapshot(git, range.base, warnings);
    if (head) {
      found = true;
      for (const [id, issue] of head.issues) {
        current.set(id, issue);
        originOf.set(id, head.origin);
      }
    }
    if (base) {
      found = true;
      for (const [id, issue] of base.issues) if (!before.has(id)) before.set(id, issue);
    }
    if (head) changed.push(...rankChangedIssues(base?.issues ?? new Map(), head.issues));
  }

  const work = await readWorkTreeSnapshot(toplevel, warnings);
  if (work) {
    found = true;
    for (const [id, issue] of work.issues) {
      const known = current.get(id);
      // Beads writes the export after the fact (a flush, `bd close` after the commit): a newer
      // record in the work tree is the latest word on the issue.
      if (known === undefined || newer(issue, known)) {
        current.set(id, issue);
        originOf.set(id, work.origin);
      }
    }
  }
  if (!found) return null;

  changed.sort((a, b) => b.score - a.score);
  const unique = changed.filter((c, i) => changed.findIndex((d) => d.id === c.id) === i);
  return { current, originOf, before, changed: unique, configPrefix: await readConfigPrefix(toplevel) };
}

/** `issue-prefix` from the work tree's .beads/config.yaml, or null. */
export async function readConfigPrefix(toplevel: string | null): Promise<string | null> {
  const content = toplevel === null ? null : await readWorkTreeFile(join(toplevel, '.beads', 'config.yaml'));
  return content === null ? null : prefixFromConfigYaml(content);
}
