// A tracker reached through a program: `context.command`, run with each candidate id in place of
// {id} (or once, without an id), its output taken as the task as it stands.
import { SOURCE_WORDS } from '../../context/format-context.js';
import { type Candidate, collectCandidates, DEFAULT_ID_PATTERN, type IdSource, patternIdMatcher } from '../../context/issue-ids.js';
import { cap } from '../../context/markdown.js';
import { runCommand } from '../../run-command.js';
import {
  FOUND_BY,
  isSafeArgument,
  MAX_ATTEMPTS,
  MAX_ISSUES,
  NOTHING,
  type Tracker,
  type TrackerInput,
  type TrackerOutcome,
} from '../tracker.js';

export const commandTracker: Tracker = {
  name: 'context command',
  enabled: (config) => config.context.command !== null,
  find: (input, warnings) => fromCommand(input, input.config.context.command ?? [], warnings),
};

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

async function fromCommand(input: TrackerInput, command: readonly string[], warnings: string[]): Promise<TrackerOutcome> {
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
