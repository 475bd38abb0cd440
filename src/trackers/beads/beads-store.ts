// Reads the Beads JSONL export as the work tree has it and as the pushed ranges' BASE and HEAD
// commits have it. The file has moved between names over the versions (metadata.json's
// `jsonl_export`, issues.jsonl, beads.jsonl) and since Beads 1.0.5 is optional and may be stale.
import type { Git } from '../../git/exec-git.js';
import type { PushRange } from '../../domain/types.js';
import { createExportReader, exportNameFromMetadata, parseDeletions, prefixFromConfigYaml } from './parse-beads.js';
import {
  type BeadsFiles,
  commitFiles,
  MAX_EXPORT_BYTES,
  MAX_SMALL_FILE_BYTES,
  mergeSameWarnings,
  readWarnings,
  workTreeFiles,
} from './bounded-lines.js';
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

/** Whether the work tree has a `.beads/` directory (the tracker is set up here). */
export async function hasBeadsDir(toplevel: string | null): Promise<boolean> {
  return toplevel === null ? false : workTreeFiles(toplevel).present();
}

/** The export through one source (work tree or a commit), read within bounds, with deletions.jsonl applied. */
async function readSnapshot(files: BeadsFiles, warnings: string[]): Promise<Snapshot | null> {
  // One cheap question first: most repositories have no tracker, and each file probe costs.
  if (!(await files.present())) return null;
  const named = exportNameFromMetadata((await files.text('metadata.json', MAX_SMALL_FILE_BYTES)) ?? '');
  for (const name of [...new Set([...(named ? [named] : []), ...FALLBACK_NAMES])]) {
    const origin = `.beads/${name} ${files.where}`;
    const reader = createExportReader(origin);
    const outcome = await files.lines(name, MAX_EXPORT_BYTES, reader.line);
    if (outcome === null) continue;
    const parsed = reader.finish();
    warnings.push(...parsed.warnings, ...readWarnings(origin, outcome, MAX_EXPORT_BYTES));
    const deletions = await files.text('deletions.jsonl', MAX_EXPORT_BYTES);
    if (deletions !== null) for (const id of parseDeletions(deletions)) parsed.issues.delete(id);
    return { issues: parsed.issues, origin };
  }
  return null;
}

export async function readWorkTreeSnapshot(toplevel: string | null, warnings: string[]): Promise<Snapshot | null> {
  return toplevel === null ? null : readSnapshot(workTreeFiles(toplevel), warnings);
}

export async function readCommitSnapshot(git: Git, rev: string, warnings: string[]): Promise<Snapshot | null> {
  return readSnapshot(commitFiles(git, rev), warnings);
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
  // Each snapshot's warnings are gathered, so one file read at the head, the base and the work tree is one warning.
  const gathered: string[] = [];
  try {
    return await readStore(git, toplevel, ranges, emptyTree, gathered);
  } finally {
    warnings.push(...mergeSameWarnings(gathered));
  }
}

async function readStore(
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
  const content = toplevel === null ? null : await workTreeFiles(toplevel).text('config.yaml', MAX_SMALL_FILE_BYTES);
  return content === null ? null : prefixFromConfigYaml(content);
}
