// git runs the pre-push hook with empty stdin when every ref is up to date, but stdin is also empty
// when a command earlier in the hook file read it first. The two look the same to the hook, so:
// when the review-hook block is the first thing the hook file runs, nothing can have read stdin
// before it, and empty means up to date. Otherwise the current branch's unpushed commits decide.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BLOCK_START } from '../install/hook-script.js';

/** Set by the installed block to the hook file running it ($0), so the tool can check what ran first. */
export const HOOK_FILE_VAR = 'REVIEW_HOOK_FILE';

/**
 * True when nothing runs before the block: only a shebang, comments, blank lines and husky 4–8's
 * own `. "…/_/husky.sh"` line. False when a command comes first, or there is no block.
 */
export function blockRunsFirst(hookText: string): boolean {
  const lines = hookText.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === BLOCK_START);
  if (start < 0) return false;
  return lines.slice(0, start).every((raw) => {
    const line = raw.trim();
    return line === '' || line.startsWith('#') || /^\.\s+["']?\$\(dirname\s+(--\s+)?["']?\$0["']?\)["']?\/_\/husky\.sh["']?$/.test(line);
  });
}

/** Whether the hook file that ran the tool has the block first; false when unknown or unreadable. */
export async function hookFileRunsBlockFirst(cwd: string, hookFile: string | undefined): Promise<boolean> {
  if (hookFile === undefined || hookFile === '') return false;
  try {
    return blockRunsFirst(await readFile(resolve(cwd, hookFile), 'utf8'));
  } catch {
    return false;
  }
}

/** The loud warning when stdin was empty but the current branch has commits to push. */
export function consumedInputWarning(commits: number, ref: string): string {
  return (
    `WARNING: git's ref lines were missing (standard input was empty), yet ${ref} has ${commits} unpushed commit${commits === 1 ? '' : 's'}. ` +
    'A command before the review-hook block in the pre-push hook probably read them; move the review-hook block first. ' +
    `Reviewing ${ref}'s unpushed commits instead.`
  );
}
