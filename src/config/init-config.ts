// `review-hook init`: writes a short starting .reviewrc.json: the schema reference and the settings
// a team decides first, at their defaults. Every other key is left out so that it keeps following
// the defaults as they improve (a new lock file in `exclude`, say), and so that the first push that
// commits the file sends the model a few lines, not every default. It never replaces a
// configuration the repository already has, in any of the places the loader looks.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { SCHEMA_REF } from './json-schema.js';
import { DEFAULTS } from './schema.js';
import { MODULE_NAME, SEARCH_PLACES } from './search-places.js';

export const INIT_FILE = '.reviewrc.json';

/** The keys `init` writes; `review-hook config` lists the rest with where each value comes from. */
export const INIT_KEYS = ['provider', 'model', 'blockOn', 'onError'] as const;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** package.json only counts as a configuration when it has a `review` key. */
async function packageJsonHasConfig(path: string): Promise<boolean> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && Object.hasOwn(parsed, MODULE_NAME);
  } catch {
    return false;
  }
}

/** The first existing configuration file in repoRoot, in the loader's search order, or null. */
export async function findExistingConfig(repoRoot: string): Promise<string | null> {
  for (const place of SEARCH_PLACES) {
    const path = join(repoRoot, place);
    if (!(await isFile(path))) continue;
    if (place === 'package.json' && !(await packageJsonHasConfig(path))) continue;
    return path;
  }
  return null;
}

export async function initConfig(repoRoot: string): Promise<{ written: string } | { exists: string }> {
  const existing = await findExistingConfig(repoRoot);
  if (existing !== null) return { exists: existing };
  const target = join(repoRoot, INIT_FILE);
  try {
    // 'wx' fails if the file appeared since the check, so a race still cannot overwrite it.
    // $schema first: editors then complete and check every key against the shipped JSON Schema.
    const starting = Object.fromEntries(INIT_KEYS.map((key) => [key, DEFAULTS[key]]));
    await writeFile(target, `${JSON.stringify({ $schema: SCHEMA_REF, ...starting }, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return { exists: target };
    throw new ConfigError(`Could not write ${target}`, target, { cause: error });
  }
  return { written: target };
}
