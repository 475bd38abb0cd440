// Reads cases from disk. A case is a folder:
//   case.json   the task, the expected findings (see parse-case.ts), optional `delete`
//   before/     the files of the base commit
//   after/      the files the change adds or rewrites (files not here are unchanged)
// A folder of such folders is a suite; a folder holding case.json itself is one case.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { CASE_FILE, parseCaseFile } from './parse-case.js';
import type { EvalCase } from './types.js';

const FORMAT_HINT = 'A case is a folder with case.json, before/ and after/; see "Measuring the gate" in the README.';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under dir, as repository paths (forward slashes) → content. */
async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (!(await isDirectory(dir))) return files;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full).split(sep).join('/'), await readFile(full));
  }
  return files;
}

function lineCount(content: Buffer): number {
  const text = content.toString('utf8');
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export async function loadCase(dir: string, id: string): Promise<EvalCase> {
  const casePath = join(dir, CASE_FILE);
  let text: string;
  try {
    text = await readFile(casePath, 'utf8');
  } catch (error) {
    throw new UsageError(`case ${id}: cannot read ${casePath}`, { cause: error, hint: FORMAT_HINT });
  }
  const { value, problems } = parseCaseFile(text);
  if (value === null) {
    throw new UsageError(`case ${id}: ${casePath} is not a valid case:\n  - ${problems.join('\n  - ')}`, { hint: FORMAT_HINT });
  }
  const before = await readTree(join(dir, 'before'));
  const after = await readTree(join(dir, 'after'));
  const changed = [...after].some(([path, content]) => !before.get(path)?.equals(content)) || value.deleted.length > 0;
  const wrong: string[] = [];
  if (!changed) wrong.push('after/ changes nothing (add the files the change writes, or list deletions in "delete")');
  for (const path of value.deleted) if (!before.has(path)) wrong.push(`delete names ${path}, which before/ does not have`);
  for (const [index, expected] of value.expected.entries()) {
    if (expected.file === null) continue;
    const content = after.get(expected.file) ?? (value.deleted.includes(expected.file) ? undefined : before.get(expected.file));
    if (content === undefined) {
      wrong.push(`expect[${index}].file ${expected.file} is not in the changed files (after/ or before/)`);
    } else if ((expected.endLine ?? 0) > lineCount(content)) {
      wrong.push(
        `expect[${index}].lines end at ${expected.endLine ?? 0}, but ${expected.file} has ${lineCount(content)} lines after the change`,
      );
    }
  }
  if (wrong.length > 0) throw new UsageError(`case ${id} (${dir}):\n  - ${wrong.join('\n  - ')}`, { hint: FORMAT_HINT });
  return { id, source: dir, language: value.language, task: value.task, before, after, deleted: value.deleted, expected: value.expected };
}

/** The cases in dir, in name order; dir may also be a single case. */
export async function loadCases(dir: string): Promise<EvalCase[]> {
  if (!(await isDirectory(dir))) {
    throw new UsageError(`--cases ${dir}: not a folder`, { hint: FORMAT_HINT });
  }
  if (
    await stat(join(dir, CASE_FILE)).then(
      () => true,
      () => false,
    )
  ) {
    return [await loadCase(dir, dir.split(sep).filter(Boolean).pop() ?? 'case')];
  }
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const cases: EvalCase[] = [];
  for (const name of names) {
    if (
      await stat(join(dir, name, CASE_FILE)).then(
        () => true,
        () => false,
      )
    )
      cases.push(await loadCase(join(dir, name), name));
  }
  if (cases.length === 0) throw new UsageError(`--cases ${dir}: no case folders (folders with ${CASE_FILE}) found`, { hint: FORMAT_HINT });
  return cases;
}
