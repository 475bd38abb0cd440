// What the push was supposed to do: the task (Beads, or another tracker through `context.command`),
// the author's account, the requirements and plans to check, and the previous round's findings.
// Never fails the review: whatever cannot be read becomes a warning and the commits stand alone.
import type { ReviewConfig } from '../config/types.js';
import type { Git } from '../git/exec-git.js';
import type { Env } from '../domain/env.js';
import type { RepoInfo } from '../git/repo.js';
import type { Changeset, CommitInfo, PlanRef, TaskRef } from '../domain/types.js';
import { bdShow, isSafeArgument } from './bd-show.js';
import { hasBeadsDir, loadBeadsStore, readConfigPrefix } from './beads-store.js';
import {
  SOURCE_WORDS,
  type TouchedIssue,
  formatImplemented,
  formatRequirements,
  formatTaskContext,
  type SelectedIssue,
} from './format-context.js';
import {
  DEFAULT_ID_PATTERN,
  beadsIdMatcher,
  beadsPrefix,
  collectCandidates,
  patternIdMatcher,
  selectKnownIds,
  type Candidate,
  type IdSource,
} from './issue-ids.js';
import { cap, findDocReferences, type DocReference } from './markdown.js';
import { formatPreviousRound, type PreviousFinding } from '../findings/previous-round.js';
import { readDocuments } from './read-documents.js';
import { readPreviousRound } from '../state/read-previous-round.js';
import { runCommand } from '../run-command.js';
import type { TrackerIssue } from './tracker-issue.js';

export interface TaskContextInput {
  git: Git;
  repo: RepoInfo;
  changeset: Changeset;
  config: ReviewConfig;
  /** Ids given with --issue, in order. */
  issueIds: string[];
  /** The pushed branch's short name (hook) or the current branch (manual); null when there is none. */
  branch: string | null;
  env: Env;
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

/** Most issues in one prompt (the primary and two related ones). */
const MAX_ISSUES = 3;
/** Most ids tried with a program (bd, the context command) before giving up: each costs a process. */
const MAX_ATTEMPTS = 6;
/** `bd` answers from a local database; a slow one is a problem to report, not to wait for. */
const BD_TIMEOUT_MS = 5_000;

interface TrackerOutcome {
  selected: SelectedIssue[];
  /** Records the push changes that are not the task (bookkeeping, or outside an --issue task). */
  touched: TouchedIssue[];
  lookup: (id: string) => TrackerIssue | null;
  /** Output of the context command, which is the task context as it stands. */
  commandText: string | null;
  issues: string[];
  task: TaskRef[];
}

const NOTHING: TrackerOutcome = { selected: [], touched: [], lookup: () => null, commandText: null, issues: [], task: [] };

export async function gatherTaskContext(input: TaskContextInput): Promise<TaskContextResult> {
  const warnings: string[] = [];
  const { changeset, config } = input;
  const maxChars = config.context.maxChars;

  const previous = await readPreviousRound(input.commonDir, changeset.ranges, input.git).catch(() => null);

  let tracker = NOTHING;
  try {
    if (config.context.command !== null) tracker = await fromCommand(input, config.context.command, warnings);
    else if (config.context.beads) tracker = await fromBeads(input, warnings);
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

/** How a task issue was found, in the reports' words. */
const FOUND_BY: Record<IdSource, string> = {
  flag: '--issue',
  changed: 'edited record',
  trailer: 'trailer',
  subject: 'subject',
  branch: 'branch',
  body: 'commit message',
};

function warnUnknownFlags(flags: readonly string[], used: readonly string[], warnings: string[]): void {
  for (const flag of flags.flatMap((f) => f.split(/[\s,]+/)).filter(Boolean)) {
    if (!used.some((id) => id === flag || id.endsWith(`-${flag}`))) warnings.push(`--issue ${flag}: no such issue in the tracker`);
  }
}

async function fromBeads(input: TaskContextInput, warnings: string[]): Promise<TrackerOutcome> {
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

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

async function fromCommand(input: TaskContextInput, command: readonly string[], warnings: string[]): Promise<TrackerOutcome> {
  const { config } = input;
  const cwd = input.repo.toplevel ?? input.git.cwd;
  const run = (argv: string[]) =>
    runCommand(argv, { cwd, env: input.env, timeoutMs: config.context.timeoutSeconds * 1000, maxOutputBytes: config.context.maxChars * 4 });
  const name = command[0] ?? '';

  // A command without {id} prints the context by itself (a script that reads the branch, say).
  if (!command.some((arg) => arg.includes('{id}'))) {
    const result = await run([...command]);
    const text = describeCommandFailure(result, name, warnings) ? null : clean(result.stdout);
    if (text === null || text === '') return NOTHING;
    return {
      ...NOTHING,
      commandText: `From the context command (${name}):\n${cap(text, config.context.maxChars)}`,
      // No id was asked for: the command itself names the task.
      task: [{ id: name, title: firstLine(text), foundBy: 'context command' }],
    };
  }

  let pattern: ReturnType<typeof patternIdMatcher>;
  try {
    pattern = patternIdMatcher(config.context.idPattern ?? DEFAULT_ID_PATTERN);
  } catch (error) {
    warnings.push(`context.idPattern is not a valid regular expression: ${(error as Error).message}`);
    return NOTHING;
  }
  const candidates: Candidate[] = collectCandidates({
    flags: input.issueIds,
    commits: input.changeset.commits,
    branch: input.branch,
    matcher: pattern,
    changed: [],
  }).filter((c) => !c.loose || c.source === 'flag');

  const found: Array<{ id: string; source: IdSource; text: string }> = [];
  let attempts = 0;
  for (const candidate of candidates) {
    if (found.length >= MAX_ISSUES || attempts >= MAX_ATTEMPTS) break;
    if (!isSafeArgument(candidate.id) || found.some((f) => f.id === candidate.id)) continue;
    attempts += 1;
    const result = await run(command.map((arg) => arg.split('{id}').join(candidate.id)));
    if (result.notFound || result.timedOut) {
      describeCommandFailure(result, name, warnings);
      break;
    }
    const text = result.ok ? clean(result.stdout) : '';
    if (text !== '') found.push({ id: candidate.id, source: candidate.source, text });
    else if (candidate.source === 'flag')
      warnings.push(`--issue ${candidate.id}: the context command found nothing (exit ${result.exitCode ?? '?'})`);
  }
  if (found.length === 0) return NOTHING;
  const chosen = found.some((f) => f.source === 'flag') ? found.filter((f) => f.source === 'flag') : found;
  const commandText = chosen
    .map(
      (f, i) =>
        `${i === 0 ? 'Issue' : 'Related issue'} ${f.id} (${SOURCE_WORDS[f.source]}; from the context command ${name}):\n${cap(f.text, config.context.maxChars)}`,
    )
    .join('\n\n');
  return {
    ...NOTHING,
    commandText,
    issues: chosen.map((f) => f.id),
    // The command prints text, not a record: its first line stands in for a title.
    task: chosen.map((f) => ({ id: f.id, title: firstLine(f.text), foundBy: `${FOUND_BY[f.source]} (context command)` })),
  };
}

function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

function clean(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n').trim();
}

/** Adds a warning for a command that could not run or failed; true when it did. */
function describeCommandFailure(result: Awaited<ReturnType<typeof runCommand>>, name: string, warnings: string[]): boolean {
  if (result.notFound) warnings.push(`context.command: ${name} was not found; reviewing without task context`);
  else if (result.timedOut) warnings.push(`context.command: ${name} timed out; reviewing without task context`);
  else if (!result.ok) warnings.push(`context.command: ${name} failed (exit ${result.exitCode ?? '?'}): ${oneLine(result.stderr)}`);
  else return false;
  return true;
}

function oneLine(text: string): string {
  const line = text.replace(ANSI, '').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'no message';
}
