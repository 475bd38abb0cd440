// Whether the review-hook block is the first thing a hook script runs. git hands a pre-push hook
// its ref lines on stdin once; a command above the block (a linter, `npm test`, anything reading
// stdin) can consume them, and the review then sees no push at all. Pure.
import { BLOCK_START } from '../install/hook-script.js';

/** The lines above the block that run something (not the shebang, blank lines or comments); null when there is no block. */
export function commandsAboveBlock(text: string): string[] | null {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.trimEnd() === BLOCK_START);
  if (index < 0) return null;
  return lines
    .slice(0, index)
    .filter((line, i) => !(i === 0 && line.startsWith('#!')))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
