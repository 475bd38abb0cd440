// context/: the task context, what the push was supposed to do. The trackers that read it are in
// src/trackers/; this folder finds issue ids, formats the task, reads referenced plans.
//
// What the push was supposed to do: the task (Beads, or another tracker through `context.command`),
// the author's account, the requirements and plans to check, and the previous round's findings.
// Never fails the review: whatever cannot be read becomes a warning and the commits stand alone.
import type { CommitInfo, PlanRef, TaskRef } from '../domain/types.js';
import { formatPreviousRound, type PreviousFinding } from '../findings/previous-round.js';
import { readPreviousRound } from '../state/read-previous-round.js';
import { trackerFor } from '../trackers/registry.js';
import { NOTHING, type TrackerInput, type TrackerOutcome } from '../trackers/tracker.js';
import { formatImplemented, formatRequirements, formatTaskContext } from './format-context.js';
import { findDocReferences, type DocReference } from './markdown.js';
import { readDocuments } from './read-documents.js';

/** What the trackers are given, and where the previous round's state is kept. */
export interface TaskContextInput extends TrackerInput {
  commonDir: string;
}

export interface TaskContextResult {
  /** The task as it was asked; null when no task was found (the prompt then says so). */
  taskContext: string | null;
  /** The tracker's share of the author's claims (what the push wrote into the task, notes, close reason); the prompt adds the commits. */
  implemented: string | null;
  /** Acceptance criteria, checklists, referenced plan sections, each labelled with its source. */
  requirements: string | null;
  /** The previous blocked round's findings for these refs, or null. */
  previousRound: string | null;
  /** The previous round's findings as data, so the report can say which were resolved. */
  previousFindings: PreviousFinding[];
  /** Issue ids used, the primary one first. */
  issues: string[];
  /** The task as the reports name it: each issue used, its title, and how it was found. */
  task: TaskRef[];
  /** The plan documents read, each with the sections read (empty: the start of the document). */
  plans: PlanRef[];
  warnings: string[];
}

export async function gatherTaskContext(input: TaskContextInput): Promise<TaskContextResult> {
  const warnings: string[] = [];
  const { changeset, config } = input;
  const maxChars = config.context.maxChars;

  const previous = await readPreviousRound(input.commonDir, changeset.ranges, input.git).catch(() => null);

  let tracker = NOTHING;
  try {
    const source = trackerFor(config);
    if (source !== null) tracker = await source.find(input, warnings);
  } catch (error) {
    warnings.push(`task context: the tracker could not be read (${(error as Error).message}); reviewing the commits alone`);
  }
  if (tracker === NOTHING && input.issueIds.length > 0 && !warnings.some((w) => w.includes('--issue'))) {
    warnings.push(`--issue ${input.issueIds.join(', ')}: no issue tracker found (.beads/ or context.command); reviewing the commits alone`);
  }

  let documents: Awaited<ReturnType<typeof readDocuments>> = [];
  try {
    const heads = [...new Set(changeset.ranges.map((r) => r.head))];
    documents = await readDocuments(input.git, heads, documentReferences(tracker, changeset.commits), input.config.neverSend);
  } catch (error) {
    warnings.push(`task context: referenced documents could not be read (${(error as Error).message})`);
  }

  const taskContext = tracker.commandText ?? formatTaskContext(tracker.selected, tracker.lookup, maxChars);
  return {
    taskContext,
    implemented: formatImplemented(tracker.selected, maxChars, tracker.touched),
    requirements: formatRequirements(tracker.selected, documents, maxChars),
    previousRound: previous === null ? null : formatPreviousRound(previous),
    previousFindings: previous ?? [],
    issues: tracker.issues,
    task: tracker.task,
    plans: documents.map((d) => ({ path: d.path, sections: d.section === null ? [] : [d.section] })),
    warnings: [...new Set(warnings)],
  };
}

/** Plans and designs named by the tasks (a title naming "Task N" picks that section) or by the commits. */
function documentReferences(tracker: TrackerOutcome, commits: readonly CommitInfo[]): DocReference[] {
  const lists: DocReference[][] = [];
  for (const { issue, before } of tracker.selected) {
    const text = [
      before?.description ?? '',
      issue.description,
      issue.acceptanceCriteria,
      issue.design,
      issue.notes,
      issue.specId ?? '',
    ].join('\n');
    const task = /\bTask\s+\d+(?:\.\d+)?\b/i.exec(issue.title)?.[0];
    lists.push(findDocReferences(text).map((ref) => (task ? { ...ref, sections: [...ref.sections, task] } : ref)));
  }
  if (tracker.commandText !== null) lists.push(findDocReferences(tracker.commandText));
  // A commit that mentions CONTRIBUTING or the CHANGELOG is following the project's rules or
  // recording history, not naming the plan; the task naming such a file is another matter.
  lists.push(findDocReferences(commits.map((c) => `${c.subject}\n${c.body}`).join('\n')).filter((ref) => !isGovernanceFile(ref.path)));
  const merged = new Map<string, string[]>();
  for (const ref of lists.flat()) {
    if (ref.path.startsWith('.beads/')) continue;
    const sections = merged.get(ref.path) ?? [];
    for (const s of ref.sections) if (!sections.includes(s)) sections.push(s);
    merged.set(ref.path, sections);
  }
  return [...merged.entries()].map(([path, sections]) => ({ path, sections }));
}

/** CONTRIBUTING, CHANGELOG/HISTORY/NEWS, CODE_OF_CONDUCT, LICENSE, SECURITY, README, wherever they live. */
export function isGovernanceFile(path: string): boolean {
  const name = (path.split('/').pop() ?? path)
    .replace(/\.(md|markdown)$/i, '')
    .toLowerCase()
    .replace(/[-_ ]/g, '');
  return /^(contributing|changelog|changes|history|news|releasenotes|codeofconduct|license|licence|copying|security|readme|governance|support|authors|maintainers)$/.test(
    name,
  );
}
