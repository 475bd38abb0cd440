// Beads (.beads/): the task from the JSONL export as committed at the pushed heads and as the push
// changed it, or, with no export (data in Dolt only), from `bd show`.
import { beadsIdMatcher, beadsPrefix, collectCandidates, selectKnownIds } from '../../context/issue-ids.js';
import type { SelectedIssue } from '../../context/format-context.js';
import type { TrackerIssue } from '../../context/tracker-issue.js';
import {
  FOUND_BY,
  MAX_ATTEMPTS,
  MAX_ISSUES,
  NOTHING,
  type Tracker,
  type TrackerInput,
  type TrackerOutcome,
  warnUnknownFlags,
} from '../tracker.js';
import { bdShow } from './bd-show.js';
import { hasBeadsDir, loadBeadsStore, readConfigPrefix } from './beads-store.js';

/** `bd` answers from a local database; a slow one is a problem to report, not to wait for. */
const BD_TIMEOUT_MS = 5_000;

export const beadsTracker: Tracker = {
  name: 'beads',
  enabled: (config) => config.context.beads,
  find: fromBeads,
};

async function fromBeads(input: TrackerInput, warnings: string[]): Promise<TrackerOutcome> {
  const { git, repo, changeset } = input;
  const store = await loadBeadsStore(git, repo.toplevel, changeset.ranges, repo.emptyTree, warnings);
  if (store !== null) {
    const ids = [...store.current.keys(), ...store.before.keys()];
    const prefixes = [...new Set([...ids.map(beadsPrefix), store.configPrefix].filter((p): p is string => p !== null))];
    const bookkept = new Set(store.changed.filter((c) => !c.rewritten).map((c) => c.id));
    const candidates = collectCandidates({
      flags: input.issueIds,
      commits: changeset.commits,
      branch: input.branch,
      matcher: beadsIdMatcher(prefixes),
      changed: store.changed.filter((c) => c.rewritten).map((c) => c.id),
    }).filter((c) => !(c.source === 'body' && bookkept.has(c.id))); // "closes bd-x" in a body, and the record only closed
    let picked = selectKnownIds(candidates, new Set(store.current.keys()), MAX_ISSUES);
    warnUnknownFlags(
      input.issueIds,
      picked.map((p) => p.id),
      warnings,
    );
    // --issue names the whole task; anything else found is at most a line about what the push touched.
    if (picked.some((p) => p.source === 'flag')) picked = picked.filter((p) => p.source === 'flag');
    const taken = new Set(picked.map((p) => p.id));
    const touched = store.changed
      .filter((c) => !taken.has(c.id))
      .map((c) => ({ id: c.id, title: store.current.get(c.id)?.title ?? store.before.get(c.id)?.title ?? '', fields: c.fields }));
    return {
      selected: picked.map(({ id, source }) => ({
        issue: store.current.get(id) as TrackerIssue,
        before: store.before.get(id) ?? null,
        source,
        origin: store.originOf.get(id) ?? '.beads/',
      })),
      touched,
      lookup: (id) => store.current.get(id) ?? store.before.get(id) ?? null,
      commandText: null,
      issues: picked.map((p) => p.id),
      task: picked.map(({ id, source }) => ({ id, title: store.current.get(id)?.title ?? '', foundBy: FOUND_BY[source] })),
    };
  }
  // No export anywhere: a tracker that keeps its data in Dolt only. `bd` can answer, if installed.
  if (!(await hasBeadsDir(repo.toplevel))) return NOTHING;
  const prefix = await readConfigPrefix(repo.toplevel);
  const candidates = collectCandidates({
    flags: input.issueIds,
    commits: changeset.commits,
    branch: input.branch,
    matcher: beadsIdMatcher(prefix === null ? null : [prefix]),
    changed: [],
  });
  const timeoutMs = Math.min(input.config.context.timeoutSeconds * 1000, BD_TIMEOUT_MS);
  const selected: SelectedIssue[] = [];
  let attempts = 0;
  for (const candidate of candidates) {
    if (selected.length >= MAX_ISSUES || attempts >= MAX_ATTEMPTS) break;
    attempts += 1;
    const answer = await bdShow(candidate.id, { cwd: repo.toplevel as string, env: input.env, timeoutMs });
    if (answer.kind === 'unavailable') {
      if (input.issueIds.length > 0)
        warnings.push(`--issue ${input.issueIds.join(', ')}: .beads/ has no JSONL export and bd is not installed to ask`);
      return NOTHING;
    }
    if (answer.kind === 'failed') {
      warnings.push(`task context: ${answer.reason}`);
      break;
    }
    if (answer.kind === 'issue' && !selected.some((s) => s.issue.id === answer.issue.id)) {
      selected.push({ issue: answer.issue, before: null, source: candidate.source, origin: 'bd show' });
    }
  }
  warnUnknownFlags(
    input.issueIds,
    selected.map((s) => s.issue.id),
    warnings,
  );
  const chosen = selected.some((s) => s.source === 'flag') ? selected.filter((s) => s.source === 'flag') : selected;
  return {
    selected: chosen,
    touched: [],
    lookup: () => null,
    commandText: null,
    issues: chosen.map((s) => s.issue.id),
    task: chosen.map((s) => ({ id: s.issue.id, title: s.issue.title, foundBy: FOUND_BY[s.source] })),
  };
}
