// A configuration file is read whole (and a JavaScript one run), so its size is checked first: a
// file of hundreds of megabytes, or a device or pipe where a file should be, must not hang the hook
// or fill its memory. 1 MB is far above any real configuration (every key with comments is about
// 10 KB; the free text, `instructions`, a page or two) and parses in milliseconds.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatBytes } from '../git/size-limits.js';
import { ConfigError } from '../errors.js';
import { SEARCH_PLACES } from './search-places.js';

export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Refuses a configuration file over MAX_CONFIG_BYTES or that is not a regular file; a missing one is left to the loader. */
export async function checkConfigFile(filepath: string, source: string | null): Promise<'file' | 'missing' | 'directory'> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(filepath);
  } catch {
    return 'missing';
  }
  if (stats.isDirectory()) return 'directory';
  if (!stats.isFile()) {
    throw new ConfigError(`Configuration path is not a regular file (a device, pipe or socket): ${filepath}`, filepath, {
      hint: source === null ? `Remove or rename ${basename(filepath)}.` : `Check the path given by ${source}.`,
    });
  }
  if (stats.size > MAX_CONFIG_BYTES) {
    const packageJson = basename(filepath) === 'package.json';
    throw new ConfigError(
      `Configuration file ${filepath} is ${formatBytes(stats.size)}, over the ${formatBytes(MAX_CONFIG_BYTES)} limit for a configuration file; nothing was read`,
      filepath,
      {
        hint: packageJson
          ? 'review-hook looks in package.json for a "review" key before any other config file: put the settings in .reviewrc.json and name it with --config or REVIEW_HOOK_CONFIG, which skips the search'
          : 'A configuration holds settings and instructions of a few KB: remove what does not belong there (data, generated text), or name a smaller file with --config or REVIEW_HOOK_CONFIG.',
      },
    );
  }
  return 'file';
}

/**
 * Checks every file the search would read, in its order, before it reads them: package.json when
 * present (read for its "review" key), then the first other place that exists, where it stops.
 */
export async function checkSearchPlaces(root: string): Promise<void> {
  // Every place is looked at once (one stat each, not one after another); they are judged in order,
  // so a refused file past the one the search stops at still counts for nothing.
  const checked = await Promise.allSettled(SEARCH_PLACES.map((place) => checkConfigFile(join(root, place), null)));
  for (const [index, place] of SEARCH_PLACES.entries()) {
    const found = checked[index]!;
    if (found.status === 'rejected') throw found.reason;
    if (found.value === 'missing') continue;
    if (found.value === 'directory' || place !== 'package.json') return;
  }
}
