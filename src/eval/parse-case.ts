// Reads a case's `case.json` into its task and expected findings. Pure: takes the text, returns the
// parsed case or a list of problems, each naming the key and what is allowed.
import { CATEGORIES, SEVERITIES } from '../domain/lists.js';
import type { Category, Severity } from '../domain/types.js';
import type { EvalTask, ExpectedFinding } from './types.js';

export const CASE_FILE = 'case.json';

export interface ParsedCaseFile {
  language: string;
  task: EvalTask;
  expected: ExpectedFinding[];
  deleted: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function readLines(value: unknown, where: string, problems: string[]): [number, number] | null {
  if (typeof value === 'number') value = [value, value];
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isInteger(n) && (n as number) >= 1) &&
    (value[0] as number) <= (value[1] as number)
  ) {
    return [value[0] as number, value[1] as number];
  }
  problems.push(`${where}.lines must be a line number or [first, last] (1-based, first <= last)`);
  return null;
}

function readExpected(value: unknown, index: number, problems: string[]): ExpectedFinding | null {
  const where = `expect[${index}]`;
  if (!isObject(value)) {
    problems.push(`${where} must be an object with file, lines, severity and category`);
    return null;
  }
  const known = new Set(['file', 'lines', 'severity', 'category', 'note']);
  for (const key of Object.keys(value))
    if (!known.has(key)) problems.push(`${where}.${key} is not a known key (allowed: ${[...known].join(', ')})`);
  const file = value.file ?? null;
  if (file !== null && (typeof file !== 'string' || file.trim() === '')) problems.push(`${where}.file must be a path or null`);
  const severity = value.severity;
  if (!SEVERITIES.includes(severity as Severity)) problems.push(`${where}.severity must be one of ${SEVERITIES.join(', ')}`);
  const category = value.category ?? null;
  if (category !== null && !CATEGORIES.includes(category as Category))
    problems.push(`${where}.category must be one of ${CATEGORIES.join(', ')}, or null`);
  if (file === null && category === null)
    problems.push(`${where}: a finding without a file needs a category (e.g. "task" for a missing requirement)`);
  const lines =
    file === null
      ? value.lines === undefined || value.lines === null
        ? null
        : readLines(value.lines, where, problems)
      : readLines(value.lines, where, problems);
  if (value.note !== undefined && typeof value.note !== 'string') problems.push(`${where}.note must be text`);
  return {
    file: typeof file === 'string' ? file : null,
    startLine: lines?.[0] ?? null,
    endLine: lines?.[1] ?? null,
    severity: (SEVERITIES.includes(severity as Severity) ? severity : 'critical') as Severity,
    category: (CATEGORIES.includes(category as Category) ? category : null) as Category | null,
    note: typeof value.note === 'string' ? value.note : '',
  };
}

/** Parses case.json; `problems` lists everything wrong at once, so one edit fixes the file. */
export function parseCaseFile(text: string): { value: ParsedCaseFile | null; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { value: null, problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (!isObject(data)) return { value: null, problems: ['must be a JSON object with task and expect'] };
  const problems: string[] = [];
  const known = new Set(['language', 'task', 'expect', 'delete']);
  for (const key of Object.keys(data)) if (!known.has(key)) problems.push(`${key} is not a known key (allowed: ${[...known].join(', ')})`);

  const task = data.task;
  let parsedTask: EvalTask = { title: '', description: '', acceptance: '' };
  if (typeof task === 'string' && task.trim() !== '') {
    parsedTask = { title: task.trim(), description: '', acceptance: '' };
  } else if (isObject(task) && typeof task.title === 'string' && task.title.trim() !== '') {
    for (const key of ['description', 'acceptance'] as const) {
      if (task[key] !== undefined && typeof task[key] !== 'string') problems.push(`task.${key} must be text`);
    }
    parsedTask = {
      title: task.title.trim(),
      description: typeof task.description === 'string' ? task.description : '',
      acceptance: typeof task.acceptance === 'string' ? task.acceptance : '',
    };
  } else {
    problems.push('task must be text, or an object with a title (and optional description, acceptance)');
  }

  if (!Array.isArray(data.expect)) problems.push('expect must be a list of expected findings ([] for a clean change that must not block)');
  const expected = Array.isArray(data.expect)
    ? data.expect.map((e, i) => readExpected(e, i, problems)).filter((e): e is ExpectedFinding => e !== null)
    : [];
  const deleted = data.delete ?? [];
  if (!Array.isArray(deleted) || !deleted.every((p) => typeof p === 'string' && p !== '')) problems.push('delete must be a list of paths');
  if (data.language !== undefined && typeof data.language !== 'string') problems.push('language must be text');

  if (problems.length > 0) return { value: null, problems };
  return {
    value: {
      language: typeof data.language === 'string' ? data.language : 'unknown',
      task: parsedTask,
      expected,
      deleted: deleted as string[],
    },
    problems: [],
  };
}
