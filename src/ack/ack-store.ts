// The acknowledgements file in the work tree, where `ack` writes and the user commits it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { ReviewHookError } from '../errors.js';
import { ACK_FILE, parseAckFile, serializeAcks, type AckEntry } from './ack-file.js';

/** Tells git to keep both sides' lines when two branches added entries (see ack-file.ts). */
export const ATTRIBUTES_LINE = `/${ACK_FILE} merge=union`;

export function ackFilePath(toplevel: string): string {
  return join(toplevel, ACK_FILE);
}

/**
 * The entries in the work tree's file (none when it does not exist). A line that cannot be read is
 * an error, not skipped: rewriting the file would lose it.
 */
export async function readAckStore(toplevel: string): Promise<AckEntry[]> {
  const path = ackFilePath(toplevel);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ReviewHookError('INTERNAL', `could not read ${path}`, { cause: error });
  }
  const parsed = parseAckFile(text);
  if (parsed.problems.length > 0) {
    throw new ReviewHookError(
      'USAGE',
      `${ACK_FILE} has lines that cannot be read, so it was left as it is:\n  ${parsed.problems.join('\n  ')}`,
      {
        hint: `fix those lines (or resolve the merge) and run the command again`,
      },
    );
  }
  return parsed.entries;
}

export async function writeAckStore(toplevel: string, entries: readonly AckEntry[]): Promise<void> {
  const path = ackFilePath(toplevel);
  try {
    await writeAtomically(path, serializeAcks(entries));
  } catch (error) {
    throw new ReviewHookError('INTERNAL', `could not write ${path}`, { cause: error });
  }
}

/** Adds the union-merge line to .gitattributes when it is not there; returns whether it was added. */
export async function ensureUnionMerge(toplevel: string): Promise<boolean> {
  const path = join(toplevel, '.gitattributes');
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ReviewHookError('INTERNAL', `could not read ${path}`, { cause: error });
  }
  const present = text.split(/\r?\n/).some((line) => {
    const [pattern, ...attributes] = line.trim().split(/\s+/);
    return (pattern === ATTRIBUTES_LINE.split(' ')[0] || pattern === ACK_FILE) && attributes.some((a) => a.startsWith('merge'));
  });
  if (present) return false;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  try {
    await writeFile(path, `${text}${separator}${ATTRIBUTES_LINE}\n`, 'utf8');
  } catch (error) {
    throw new ReviewHookError('INTERNAL', `could not write ${path}`, { cause: error });
  }
  return true;
}
