// The secret, private-key and conflict-marker checks over every pushed commit, however many: one
// streamed `git log -p` (maxCommits limits what the model is sent, never this), checked in batches
// so memory holds one batch of lines rather than the history, then judged against the pushed head
// (see place-history.ts).
import type { ReviewConfig } from '../config/types.js';
import { pushedCommits, streamCommitLines } from '../git/commit-lines.js';
import type { Git } from '../git/exec-git.js';
import type { PushRange } from '../domain/types.js';
import { placeInHistory } from './place-history.js';
import { findInLines, settleFindings, type ChecksResult, type RawFinding } from './registry.js';
import { sameGroup } from './group-lines.js';
import type { AddedLine } from '../domain/types.js';

/** A batch is checked once it holds this much text and a file (or commit) ends. */
const BATCH_BYTES = 1024 * 1024;
/** ...or, inside one huge file, once it holds this much; the last lines are carried over. */
const HARD_BATCH_BYTES = 4 * 1024 * 1024;
/** Lines carried into the next batch when a file is cut, so a key's armour block is never split. */
const CARRY_LINES = 120;
const CARRY_BYTES = 256 * 1024;
/** What a line costs beyond its text, roughly: the object and its fields. */
const LINE_OVERHEAD = 64;

export interface HistoryCheckResult extends ChecksResult {
  /** Commits whose added lines and message were checked. */
  commitsChecked: number;
}

export async function checkPushedHistory(git: Git, ranges: readonly PushRange[], config: ReviewConfig): Promise<HistoryCheckResult> {
  const commits = pushedCommits(ranges);
  const found = new Map<string, RawFinding>();
  const check = async (lines: readonly AddedLine[]) => {
    if (lines.length === 0) return;
    // The same finding in two batches (carried lines, or a later commit) is reported once, at its first commit.
    for (const raw of await findInLines(lines, config)) {
      const key = dedupKey(raw);
      if (!found.has(key)) found.set(key, raw);
    }
  };

  let batch: AddedLine[] = [];
  let bytes = 0;
  let last: AddedLine | null = null;
  await streamCommitLines(
    git,
    commits,
    // Synchronous for every line but the one that completes a batch, so a million lines cost no
    // million promises.
    (line) => {
      let full: AddedLine[] | null = null;
      const newGroup = last === null || !sameGroup({ commit: last.commit, file: last.file, inMessage: last.inMessage === true }, line);
      if (newGroup && bytes >= BATCH_BYTES) {
        full = batch;
        batch = [];
        bytes = 0;
      } else if (bytes >= HARD_BATCH_BYTES) {
        full = batch;
        batch = carryOver(full);
        bytes = batch.reduce((sum, l) => sum + l.text.length + LINE_OVERHEAD, 0);
      }
      batch.push(line);
      bytes += line.text.length + LINE_OVERHEAD;
      last = line;
      return full === null ? undefined : check(full);
    },
    { messages: true },
  );
  await check(batch);
  batch = [];

  const placed = await placeInHistory(git, ranges, [...found.values()]);
  const result = settleFindings(placed.findings, config);
  return { ...result, notes: [...result.notes, ...placed.notes], commitsChecked: commits.length };
}

/** The tail of the batch's last group, to be checked again with what follows. */
function carryOver(lines: readonly AddedLine[]): AddedLine[] {
  const out: AddedLine[] = [];
  const lastLine = lines[lines.length - 1];
  if (!lastLine) return out;
  const group = { commit: lastLine.commit, file: lastLine.file, inMessage: lastLine.inMessage === true };
  let bytes = 0;
  for (let i = lines.length - 1; i >= 0 && out.length < CARRY_LINES; i--) {
    const line = lines[i]!;
    if (!sameGroup(group, line)) break;
    bytes += line.text.length;
    if (bytes > CARRY_BYTES) break;
    out.push(line);
  }
  return out.reverse();
}

function dedupKey({ check, found }: RawFinding): string {
  const where = found.file ?? 'message';
  // One conflict-marker finding per file; one finding per secret value per file (or per message).
  if (check === 'conflict-markers') return `${check}\0${where}`;
  const what = (found.secrets ?? []).map((s) => s.value).join('\0') || (found.evidence ?? []).join('\0');
  return `${check}\0${where}\0${found.title}\0${what}`;
}
