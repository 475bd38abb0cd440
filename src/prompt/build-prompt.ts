// Builds the chat messages for one review request from the template in template.txt. Pure given the
// template text. The template is imported as text: the build puts it into the code (scripts/build.js)
// and the tests' loader does the same (vitest.config.ts), so no file is looked up next to the module.
import templateText from './template.txt';
import type { Changeset } from '../domain/types.js';
import { makeFence } from './fence.js';
import { summariseCommits } from './commit-summary.js';
import { renderDiff, renderDiffstat } from './render-diff.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PromptInput {
  changeset: Changeset;
  /** The task the push implements; null when none was found (the commit subjects stand in). */
  taskContext: string | null;
  /** The tracker's share of the author's account (rewrites, notes, close reasons); the commits are added here, once. */
  implemented: string | null;
  /** Acceptance criteria, checklists, plan documents; null when there are none. */
  requirements: string | null;
  /** The project's own review instructions from the configuration (trusted). */
  instructions: string;
  /** The previous review round's findings, for a second review to check; null or absent when there was none. */
  previousRound?: string | null;
  /** Findings the team acknowledged in this request's files, described; null or absent when none. */
  acknowledged?: string | null;
  /** Set when the push is reviewed in several requests; the changeset's files are then this request's. */
  part?: { index: number; count: number } | null;
  /** Shown instead of the diffstat of the changeset's files (in a part: the whole push's). */
  diffstat?: string;
}

export async function loadTemplate(): Promise<string> {
  return templateText;
}

const EMPTY_TREES = new Set([
  '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
]);

export function buildMessages(input: PromptInput, template: string): ChatMessage[] {
  const { changeset } = input;
  const diffstat = input.diffstat ?? renderDiffstat(changeset.files, changeset.skipped);
  const diff = renderDiff(changeset.files);
  // Each commit appears once per request: here, as the author's account (and the task when no
  // tracker names one). A long range is summarised: see commit-summary.ts.
  const commits = summariseCommits(changeset.commits);
  const implemented = [
    `Commits (newest first):\n${commits}`,
    ...(input.implemented === null || input.implemented.trim() === '' ? [] : [input.implemented.trim()]),
  ].join('\n\n');

  // Everything that came from the repository, so the fence marker is chosen not to occur in any of it.
  const fence = makeFence([
    diffstat,
    diff,
    implemented,
    input.taskContext ?? '',
    input.requirements ?? '',
    input.previousRound ?? '',
    input.acknowledged ?? '',
    ...changeset.ranges.map((r) => r.ref),
  ]);

  const values: Record<string, string> = {
    OPEN: fence.open,
    CLOSE: fence.close,
    TASK_CONTEXT:
      input.taskContext === null || input.taskContext.trim() === ''
        ? 'No task was found for this push. Treat the commits under What Was Implemented as the task.'
        : fence.wrap(input.taskContext.trim()),
    IMPLEMENTED: fence.wrap(implemented),
    REQUIREMENTS:
      input.requirements === null || input.requirements.trim() === ''
        ? 'No separate requirements or plan were found; judge the change against the task context.'
        : fence.wrap(input.requirements.trim()),
    PREVIOUS_ROUND:
      input.previousRound === null || input.previousRound === undefined || input.previousRound.trim() === ''
        ? ''
        : fence.wrap(input.previousRound.trim()),
    ACKNOWLEDGED:
      input.acknowledged === null || input.acknowledged === undefined || input.acknowledged.trim() === ''
        ? ''
        : fence.wrap(input.acknowledged.trim()),
    // Ref names are chosen by whoever pushes: with several ranges they are named, inside the fence.
    RANGES: changeset.ranges.length > 1 ? fence.wrap(renderRanges(changeset)) : renderRanges(changeset),
    PART: input.part ? `part ${input.part.index} of ${input.part.count}` : '',
    DIFFSTAT: diffstat,
    DIFF: diff === '' ? '(no file changes)' : diff,
    INSTRUCTIONS:
      input.instructions.trim() === ''
        ? ''
        : `6. Project instructions (from this repository's review configuration):\n${input.instructions.trim()}`,
  };

  const { system, user } = splitTemplate(template);
  return [
    { role: 'system', content: fill(system, values) },
    { role: 'user', content: fill(user, values) },
  ];
}

function renderRanges(changeset: Changeset): string {
  const sha = (oid: string): string => (EMPTY_TREES.has(oid) ? `${oid} (the empty tree: the range starts at a root commit)` : oid);
  if (changeset.ranges.length === 1) {
    const [range] = changeset.ranges;
    return `BASE_SHA: ${sha(range!.base)}\nHEAD_SHA: ${sha(range!.head)}`;
  }
  return changeset.ranges.map((r) => `${r.ref}:\n  BASE_SHA: ${sha(r.base)}\n  HEAD_SHA: ${sha(r.head)}`).join('\n');
}

/** The template's system and user parts; text before the first marker is a comment. */
export function splitTemplate(template: string): { system: string; user: string } {
  const normal = template.replace(/\r\n?/g, '\n');
  const match = /^\[\[system\]\]\n([\s\S]*?)^\[\[user\]\]\n([\s\S]*)$/m.exec(normal);
  if (!match) throw new Error('prompt template is missing its [[system]] or [[user]] section');
  return { system: (match[1] as string).trim(), user: (match[2] as string).trim() };
}

/**
 * One pass over the template: text inserted for a placeholder is never scanned for placeholders.
 * Optional sections ({{#NAME}} … {{/NAME}} lines) and lines holding only an empty placeholder go first.
 */
function fill(text: string, values: Record<string, string>): string {
  return text
    .replace(/^\{\{#([A-Z_]+)\}\}\n([\s\S]*?)^\{\{\/\1\}\}\n/gm, (_whole, name: string, body: string) =>
      (values[name] ?? '') === '' ? '' : body,
    )
    .replace(/^\{\{([A-Z_]+)\}\}\n/gm, (whole, name: string) => (values[name] === '' ? '' : whole))
    .replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
