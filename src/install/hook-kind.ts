// Decides whether an existing hook file is one the block can be chained into.
// The block is POSIX sh, so it can only run inside a hook that a POSIX-style shell interprets.

export type HookKind = { kind: 'shell'; interpreter: string } | { kind: 'binary' } | { kind: 'other'; interpreter: string };

/** Shells that run POSIX sh text as written. zsh and fish are left out: their rules differ. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'busybox']);

/** Reads the interpreter's name from a shebang line: `/bin/bash -e` -> bash, `/usr/bin/env -S sh -e` -> sh. */
export function shebangInterpreter(firstLine: string): string {
  const words = firstLine.slice(2).trim().split(/\s+/).filter(Boolean);
  const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);
  let index = 0;
  if (words[0] !== undefined && base(words[0]) === 'env') {
    index = 1;
    // Skip env's own options (-S, -i, -u NAME) and NAME=value assignments.
    while (index < words.length) {
      const word = words[index] ?? '';
      if (word === '-u' || word === '--unset') index += 2;
      else if (word.startsWith('-') || word.includes('=')) index += 1;
      else break;
    }
  }
  const word = words[index];
  if (word === undefined) return '';
  const name = base(word);
  // `#!/bin/busybox sh` runs busybox's sh applet.
  if (name === 'busybox' && words[index + 1] !== undefined) return base(words[index + 1] ?? '');
  return name;
}

export function classifyHook(content: Buffer): HookKind {
  // git's own heuristic for binary content: a NUL byte near the start.
  if (content.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  const text = content.toString('utf8');
  // Without a shebang, exec fails with ENOEXEC and git runs the file with sh.
  if (!text.startsWith('#!')) return { kind: 'shell', interpreter: 'sh' };
  const newline = text.indexOf('\n');
  const interpreter = shebangInterpreter((newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, ''));
  return POSIX_SHELLS.has(interpreter) ? { kind: 'shell', interpreter } : { kind: 'other', interpreter: interpreter || 'unknown' };
}
