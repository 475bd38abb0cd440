// --output: the file is replaced whole, and a place that cannot be written is a clear usage error.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { writeOutput } from '../../../src/report/write-output.js';

describe('writeOutput', () => {
  it('replaces the file whole, relative to the working directory, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rh-output-'));
    writeFileSync(join(dir, 'report.json'), 'old report that is longer than the new one\n');
    await writeOutput(dir, 'report.json', '{"verdict":"allow"}\n');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"verdict":"allow"}\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('names the file and the cause when its folder does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rh-output-'));
    const failure = writeOutput(dir, 'no-such-dir/report.sarif', 'x');
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow(/could not write --output no-such-dir\/report\.sarif: ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
