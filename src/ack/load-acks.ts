// Reads the acknowledgements that apply to a push: the file as committed at each pushed head.
//
// The committed version, not the work tree: an acknowledgement takes effect the way the team sees
// it, through a commit that goes out with the push (so one added in this push applies to this push),
// and an uncommitted edit cannot wave a finding through unseen. Entries from several pushed heads
// are combined.
import type { Git } from '../git/exec-git.js';
import { ACK_FILE, parseAckFile, type AckEntry } from './ack-file.js';

export interface LoadedAcks {
  entries: AckEntry[];
  problems: string[];
}

export async function loadAcksAt(git: Git, heads: readonly string[]): Promise<LoadedAcks> {
  const entries = new Map<string, AckEntry>();
  const problems = new Set<string>();
  for (const head of new Set(heads)) {
    // Absent at that commit is the common case (no acknowledgements yet): nothing to read.
    const shown = await git.tryRun(['cat-file', '-p', `${head}:${ACK_FILE}`]);
    if (shown.exitCode !== 0) continue;
    const parsed = parseAckFile(shown.stdout);
    for (const problem of parsed.problems) problems.add(problem);
    for (const entry of parsed.entries) {
      const kept = entries.get(entry.fingerprint);
      if (!kept || Date.parse(entry.at) >= Date.parse(kept.at)) entries.set(entry.fingerprint, entry);
    }
  }
  return { entries: [...entries.values()], problems: [...problems] };
}
