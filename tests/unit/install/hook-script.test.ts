import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstallError } from '../../../src/errors.js';
import { classifyHook, shebangInterpreter } from '../../../src/install/hook-kind.js';
import {
  BLOCK_END,
  BLOCK_START,
  CREATED_MARKER,
  findBlock,
  insertBlock,
  isEffectivelyEmpty,
  removeBlock,
  renderBlock,
  shQuote,
} from '../../../src/install/hook-script.js';
import { createRepo, hermeticEnv, tempDir } from '../../helpers/git-repo.js';
import { readCalls, restrictedBin, writeFakeTool } from './fake-tool.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const BLOCK = renderBlock({ recorded: { nodePath: '/usr/bin/node', cliPath: '/pkg/bin/review-hook.js' }, createdFile: false });
const OTHER_BLOCK = renderBlock({ recorded: { nodePath: '/opt/node/bin/node', cliPath: '/other/bin/review-hook.js' }, createdFile: false });

describe('renderBlock', () => {
  it('is delimited by the markers, whole lines, and says who manages it', () => {
    expect(BLOCK.startsWith(`${BLOCK_START}\n`)).toBe(true);
    expect(BLOCK.endsWith(`${BLOCK_END}\n`)).toBe(true);
    expect(BLOCK).toContain('Managed by `review-hook install`');
    expect(BLOCK).toContain("'/usr/bin/node' '/pkg/bin/review-hook.js' pre-push \"$@\" >&2");
    expect(BLOCK).not.toContain(CREATED_MARKER);
  });

  it('marks a file it created', () => {
    const block = renderBlock({ recorded: { nodePath: '/n', cliPath: '/c' }, createdFile: true });
    expect(block).toContain(CREATED_MARKER);
    expect(findBlock(block)).toMatchObject({ kind: 'present', createdFile: true });
    expect(findBlock(BLOCK)).toMatchObject({ kind: 'present', createdFile: false });
  });

  it.each([
    ['plain', '/usr/bin/node', "'/usr/bin/node'"],
    ['space', '/Program Files/node', "'/Program Files/node'"],
    ['quote', "/it's/node", "'/it'\\''s/node'"],
    ['dollar', '/$HOME/`x`/node', "'/$HOME/`x`/node'"],
  ])('quotes paths for sh (%s)', (_name, path, quoted) => {
    expect(shQuote(path)).toBe(quoted);
  });

  it('names no path of the machine in the block a repository commits (husky), and keeps the same lookups', () => {
    const committed = renderBlock({ recorded: null, createdFile: true });
    expect(committed).not.toMatch(/'\//);
    expect(committed).not.toContain(process.execPath);
    expect(committed).toContain('"$rh_top/node_modules/.bin/review-hook"');
    expect(committed).toContain('npx --offline --no-install review-hook pre-push');
    // Two installs on different machines write the same committed text.
    expect(committed).toBe(renderBlock({ recorded: null, createdFile: true }));
  });

  it('refuses a path with a line break, which would break the line-based markers', () => {
    expect(() => renderBlock({ recorded: { nodePath: '/a\nb', cliPath: '/c' }, createdFile: false })).toThrow(InstallError);
  });
});

describe('findBlock', () => {
  it.each([
    ['no block', '#!/bin/sh\necho hi\n', 'absent'],
    ['empty', '', 'absent'],
    ['one block', `#!/bin/sh\n${BLOCK}echo hi\n`, 'present'],
    ['two starts', `${BLOCK_START}\n${BLOCK}`, 'malformed'],
    ['start only', `#!/bin/sh\n${BLOCK_START}\necho\n`, 'malformed'],
    ['end only', `#!/bin/sh\n${BLOCK_END}\n`, 'malformed'],
    ['end before start', `${BLOCK_END}\n${BLOCK_START}\n`, 'malformed'],
    ['CRLF markers', `${BLOCK_START}\r\nx\r\n${BLOCK_END}\r\n`, 'present'],
  ])('%s', (_name, text, kind) => {
    expect(findBlock(text).kind).toBe(kind);
  });
});

describe('insertBlock / removeBlock', () => {
  it.each([
    ['empty file', '', BLOCK],
    ['shebang only', '#!/bin/sh\n', `#!/bin/sh\n${BLOCK}`],
    ['shell hook', '#!/bin/sh\nset -e\nexit 0\n', `#!/bin/sh\n${BLOCK}set -e\nexit 0\n`],
    ['no shebang (husky style)', 'npm test\n', `${BLOCK}npm test\n`],
    ['no trailing newline', '#!/bin/bash\necho hi', `#!/bin/bash\n${BLOCK}echo hi`],
  ])('inserts first, after any shebang: %s', (_name, existing, expected) => {
    expect(insertBlock(existing, BLOCK)).toBe(expected);
  });

  it('replaces an existing block where the user put it, leaving the rest alone', () => {
    const moved = `#!/bin/sh\necho first\n${BLOCK}echo last\n`;
    expect(insertBlock(moved, OTHER_BLOCK)).toBe(`#!/bin/sh\necho first\n${OTHER_BLOCK}echo last\n`);
    expect(insertBlock(moved, BLOCK)).toBe(moved);
  });

  it('refuses to edit around a damaged block', () => {
    expect(() => insertBlock(`${BLOCK_START}\n`, BLOCK)).toThrow(InstallError);
    expect(() => removeBlock(`${BLOCK_END}\n`)).toThrow(InstallError);
  });

  it.each([
    ['', ''],
    ['#!/bin/sh\n', '#!/bin/sh\n'],
    ['#!/usr/bin/env bash\nset -euo pipefail\n\n# comment\nexit 0\n', 'same'],
    ['npm test\nnpx lint-staged\n', 'same'],
    ['#!/bin/sh\r\necho crlf\r\n', 'same'],
    ['#!/bin/sh\necho no newline at end', 'same'],
    ['#!/bin/sh', '#!/bin/sh\n'], // the one case that gains a byte: a shebang with no newline at all
  ])('removeBlock(insertBlock(x)) restores x exactly: %j', (original, expected) => {
    const restored = removeBlock(insertBlock(original, BLOCK));
    expect(restored).toBe(expected === 'same' ? original : expected);
  });

  it('removeBlock leaves text without a block untouched', () => {
    expect(removeBlock('#!/bin/sh\necho hi\n')).toBe('#!/bin/sh\necho hi\n');
  });

  it.each([
    ['', true],
    ['#!/bin/sh\n', true],
    ['#!/bin/sh\n\n  \n', true],
    ['\n', true],
    ['#!/bin/sh\necho hi\n', false],
    ['npm test\n', false],
    ['#!/bin/sh', true],
  ])('isEffectivelyEmpty(%j) is %s', (text, expected) => {
    expect(isEffectivelyEmpty(text)).toBe(expected);
  });
});

describe('classifyHook', () => {
  it.each([
    ['#!/bin/sh\n', 'shell', 'sh'],
    ['#!/bin/sh -e\n', 'shell', 'sh'],
    ['#!/bin/bash\n', 'shell', 'bash'],
    ['#!/usr/bin/env bash\n', 'shell', 'bash'],
    ['#!/usr/bin/env sh\n', 'shell', 'sh'],
    ['#!/usr/bin/env -S bash -e\n', 'shell', 'bash'],
    ['#! /bin/dash\n', 'shell', 'dash'],
    ['#!/bin/busybox sh\n', 'shell', 'sh'],
    ['echo no shebang\n', 'shell', 'sh'],
    ['#!/usr/bin/env python3\nimport sys\n', 'other', 'python3'],
    ['#!/usr/bin/env node\n', 'other', 'node'],
    ['#!/usr/bin/perl -w\n', 'other', 'perl'],
    ['#!/bin/zsh\n', 'other', 'zsh'],
  ])('%j is %s (%s)', (text, kind, interpreter) => {
    expect(classifyHook(Buffer.from(text))).toEqual({ kind, interpreter });
  });

  it('calls content with a NUL byte binary', () => {
    expect(classifyHook(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x01]))).toEqual({ kind: 'binary' });
  });

  it.each([
    ['#!/usr/bin/env -u FOO bash', 'bash'],
    ['#!/usr/bin/env LANG=C sh', 'sh'],
    ['#!', ''],
  ])('shebangInterpreter(%j) is %j', (line, name) => {
    expect(shebangInterpreter(line)).toBe(name);
  });
});

// The block itself, run by real shells (no git push here: that is install-hook.test.ts).
describe.each(['sh', 'bash'])('the block run by %s', (shell) => {
  const shellPath = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).stdout.trim();
  interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    dir: string;
    log: string;
  }

  /** Writes a hook: shebang, the block, then `after`; runs it with `input` on stdin. */
  function runHook(
    input: string,
    after: string,
    options: {
      env?: Record<string, string>;
      nodePath?: string;
      cliPath?: string;
      cwd?: string;
      flags?: string[];
      committed?: boolean;
    } = {},
  ): Run {
    const dir = tempDir();
    const log = join(dir, 'calls.jsonl');
    const cliPath = options.cliPath ?? writeFakeTool(join(dir, 'pkg', 'bin', 'review-hook.js'), 'recorded');
    const hook = join(dir, 'pre-push');
    writeFileSync(
      hook,
      '#!/bin/sh\n' +
        renderBlock({
          recorded: options.committed ? null : { nodePath: options.nodePath ?? process.execPath, cliPath },
          createdFile: true,
        }) +
        after,
    );
    // An absolute path: some tests give the hook a PATH without the shell on it.
    const result = spawnSync(shellPath, [...(options.flags ?? []), hook, 'origin', '/remote.git'], {
      cwd: options.cwd ?? dir,
      input,
      encoding: 'utf8',
      timeout: 30_000,
      env: hermeticEnv({ RH_FAKE_LOG: log, GIT_CEILING_DIRECTORIES: dir, ...options.env }),
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir, log };
  }

  const REFS =
    'refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main 0000000000000000000000000000000000000000\n' +
    "HEAD~1 2222222222222222222222222222222222222222 refs/heads/odd$(echo no)\\n`x`*'q' 0000000000000000000000000000000000000000\n";

  it('gives the tool the arguments and ref lines, then gives the same lines to the next reader', () => {
    const run = runHook(REFS, 'cat > second.txt\nprintf "%s\\n" "$REVIEW_HOOK_REFS" > third.txt\n');
    expect(run.status, run.stderr).toBe(0);
    const calls = readCalls(run.log);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ label: 'recorded', argv: ['pre-push', 'origin', '/remote.git'], stdin: REFS });
    expect(readFile(run.dir, 'second.txt')).toBe(REFS);
    expect(readFile(run.dir, 'third.txt')).toBe(REFS);
  });

  it('keeps $REVIEW_HOOK_REFS out of the environment of later commands, even when it was inherited', () => {
    const run = runHook(REFS, 'env > env.txt\nprintf "%s\\n" "$REVIEW_HOOK_REFS" > var.txt\n', { env: { REVIEW_HOOK_REFS: 'inherited' } });
    expect(run.status, run.stderr).toBe(0);
    expect(readFile(run.dir, 'env.txt')).not.toContain('REVIEW_HOOK_REFS');
    expect(readFile(run.dir, 'var.txt')).toBe(REFS);
  });

  // A manual run from a terminal: there are no ref lines to save, and the terminal must stay stdin.
  it.skipIf(!hasScript)('leaves a terminal on stdin alone', () => {
    const dir = tempDir();
    const log = join(dir, 'calls.jsonl');
    const cliPath = writeFakeTool(join(dir, 'cli.js'), 'recorded');
    const hook = join(dir, 'pre-push');
    const block = renderBlock({ recorded: { nodePath: process.execPath, cliPath }, createdFile: true });
    writeFileSync(hook, `#!/bin/sh\n${block}if [ -t 0 ]; then echo still-a-tty > after.txt; fi\n`);
    const result = spawnSync('script', ['-qec', `${shellPath} ${hook} origin /remote.git`, '/dev/null'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
      env: hermeticEnv({ RH_FAKE_LOG: log, GIT_CEILING_DIRECTORIES: dir }),
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(readCalls(log)).toMatchObject([{ stdin: '<tty>', argv: ['pre-push', 'origin', '/remote.git'] }]);
    expect(readFile(dir, 'after.txt')).toBe('still-a-tty\n');
  });

  it('sends nothing to stdout, even when the tool prints there', () => {
    const run = runHook(REFS, '');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('FAKE-STDOUT recorded');
  });

  it('works under sh -e (how husky runs it) and bash -eu', () => {
    const flags = shell === 'sh' ? ['-e'] : ['-eu'];
    const run = runHook(REFS, 'cat > second.txt\n', { flags });
    expect(run.status, run.stderr).toBe(0);
    expect(readFile(run.dir, 'second.txt')).toBe(REFS);
  });

  it('passes on thousands of ref lines without hanging, whether or not later lines read them', () => {
    const many = Array.from({ length: 4000 }, (_, i) => `refs/tags/v${i} ${'a'.repeat(40)} refs/tags/v${i} ${'0'.repeat(40)}\n`).join('');
    const reading = runHook(many, 'cat > second.txt\n');
    expect(reading.status, reading.stderr).toBe(0);
    expect(readCalls(reading.log)[0]?.stdin).toBe(many);
    expect(readFile(reading.dir, 'second.txt')).toBe(many);
    const ignoring = runHook(many, 'echo done > second.txt\n');
    expect(ignoring.status, ignoring.stderr).toBe(0);
    expect(readFile(ignoring.dir, 'second.txt')).toBe('done\n');
  });

  it('gives empty stdin when git sends no lines (everything up to date)', () => {
    const run = runHook('', 'cat > second.txt\n');
    expect(run.status).toBe(0);
    expect(readCalls(run.log)[0]?.stdin).toBe('');
    expect(readFile(run.dir, 'second.txt')).toBe('');
  });

  it.each([1, 2])('stops the hook with the tool’s exit code %i, before later lines run', (code) => {
    const run = runHook(REFS, 'echo ran > second.txt\n', { env: { RH_FAKE_EXIT: String(code) } });
    expect(run.status).toBe(code);
    expect(() => readFile(run.dir, 'second.txt')).toThrow();
  });

  it('prefers node_modules/.bin of the current work tree over the recorded path', () => {
    const repo = createRepo();
    writeFakeTool(join(repo.dir, 'node_modules', '.bin', 'review-hook'), 'local-bin');
    const run = runHook(REFS, '', { cwd: repo.dir });
    expect(run.status, run.stderr).toBe(0);
    expect(readCalls(run.log).map((c) => c.label)).toEqual(['local-bin']);
  });

  it('falls back to npx --offline --no-install when nothing else is there', () => {
    const dir = tempDir();
    const bin = restrictedBin(join(dir, 'bin'), ['cat', 'git'], {
      npx: '#!/bin/sh\n{ echo "npx $*"; cat; } >> "$RH_FAKE_LOG.npx"\n',
    });
    const run = runHook(REFS, '', { nodePath: '/nonexistent/node', cliPath: '/nonexistent/cli.js', env: { PATH: bin } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('trying npx --offline --no-install review-hook');
    expect(readFile(dirname(run.log), 'calls.jsonl.npx')).toBe(
      `npx --offline --no-install review-hook pre-push origin /remote.git\n${REFS}`,
    );
  });

  it('fails the push with directions when the tool cannot be found, unless REVIEW_HOOK_SKIP=1', () => {
    const dir = tempDir();
    const bin = restrictedBin(join(dir, 'bin'), ['cat', 'git']);
    const missing = { nodePath: '/nonexistent/node', cliPath: '/nonexistent/cli.js' };
    const failed = runHook(REFS, 'echo ran > second.txt\n', { ...missing, env: { PATH: bin } });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('cannot find review-hook (looked in node_modules/.bin or at /nonexistent/cli.js)');
    expect(failed.stderr).toContain('REVIEW_HOOK_SKIP=1');
    expect(failed.stdout).toBe('');

    const skipped = runHook(REFS, 'cat > second.txt\n', { ...missing, env: { PATH: bin, REVIEW_HOOK_SKIP: '1' } });
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain('REVIEW_HOOK_SKIP=1, so this push is not reviewed');
    expect(readFile(skipped.dir, 'second.txt')).toBe(REFS);
  });

  it('runs the recorded node even when node is not on PATH (GUI clients)', () => {
    const dir = tempDir();
    const bin = restrictedBin(join(dir, 'bin'), ['cat', 'git']);
    const run = runHook(REFS, '', { env: { PATH: bin } });
    expect(run.status, run.stderr).toBe(0);
    expect(readCalls(run.log).map((c) => c.label)).toEqual(['recorded']);
  });

  it('lets a node_modules/.bin script find the recorded node when node is not on PATH', () => {
    const repo = createRepo();
    writeFakeTool(join(repo.dir, 'node_modules', '.bin', 'review-hook'), 'local-bin');
    const bin = restrictedBin(join(tempDir(), 'bin'), ['cat', 'git']);
    const run = runHook(REFS, '', { cwd: repo.dir, env: { PATH: bin } });
    expect(run.status, run.stderr).toBe(0);
    expect(readCalls(run.log).map((c) => c.label)).toEqual(['local-bin']);
  });
});

describe('the committed block (no recorded paths)', () => {
  const REFS = `refs/heads/main ${'1'.repeat(40)} refs/heads/main ${'0'.repeat(40)}\n`;

  function runCommitted(
    cwd: string,
    after: string,
    env: Record<string, string>,
  ): { status: number | null; stderr: string; log: string; dir: string } {
    const dir = tempDir();
    const log = join(dir, 'calls.jsonl');
    const hook = join(dir, 'pre-push');
    writeFileSync(hook, '#!/bin/sh\n' + renderBlock({ recorded: null, createdFile: true }) + after);
    const result = spawnSync('/bin/sh', ['-e', hook, 'origin', '/remote.git'], {
      cwd,
      input: REFS,
      encoding: 'utf8',
      timeout: 30_000,
      env: hermeticEnv({ RH_FAKE_LOG: log, ...env }),
    });
    return { status: result.status, stderr: result.stderr, log, dir };
  }

  it('runs review-hook from node_modules/.bin of whichever clone is pushing', () => {
    for (const label of ['clone-a', 'clone-b']) {
      const repo = createRepo();
      writeFakeTool(join(repo.dir, 'node_modules', '.bin', 'review-hook'), label);
      const run = runCommitted(repo.dir, '', {});
      expect(run.status, run.stderr).toBe(0);
      expect(readCalls(run.log)).toMatchObject([{ label, argv: ['pre-push', 'origin', '/remote.git'], stdin: REFS }]);
    }
  });

  it('says node is missing, and stops the push, when the tool is installed but node is not on PATH', () => {
    const repo = createRepo();
    writeFakeTool(join(repo.dir, 'node_modules', '.bin', 'review-hook'), 'local-bin');
    const bin = restrictedBin(join(tempDir(), 'bin'), ['cat', 'git']);
    const run = runCommitted(repo.dir, 'echo ran > after.txt\n', { PATH: bin });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('node is not on PATH for this hook');
    expect(readCalls(run.log)).toEqual([]);
  });

  it('says where it looked and how to install when review-hook is not installed in the clone', () => {
    const repo = createRepo();
    const bin = restrictedBin(join(tempDir(), 'bin'), ['cat', 'git']);
    const run = runCommitted(repo.dir, '', { PATH: bin });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot find review-hook (looked in node_modules/.bin).');
    expect(run.stderr).toContain('npm install --save-dev review-hook');
  });
});

function readFile(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
