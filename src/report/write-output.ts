// `--output <file>`: a report, dry run or eval result written to a file that CI or an editor may be
// reading, so it is replaced whole or not at all (the atomic writer), never left half-written.
import { resolve } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { UsageError } from '../errors.js';
import { describeWriteFailure } from '../state/write-failure.js';

/** Writes `text` to `file` (relative to `cwd`). */
export async function writeOutput(cwd: string, file: string, text: string): Promise<void> {
  const path = resolve(cwd, file);
  try {
    await writeAtomically(path, text);
  } catch (error) {
    throw new UsageError(`could not write --output ${file}: ${describeWriteFailure(error, path)}`, {
      cause: error,
      hint: 'give a file in a folder that exists and can be written, or leave out --output to print the report',
    });
  }
}
