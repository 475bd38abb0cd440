// Reviews stored by the hash of everything that determines them, so the same changes reviewed again
// (a re-push, a content-neutral rebase, an override right after a block) cost no request and give
// the same findings. Entries live under <git common dir>/review-hook/cache/, one file each.
import { statePaths } from './paths.js';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import type { CacheSettings } from '../config/types.js';
import { stableStringify } from './stable-json.js';

/** Bumped whenever what is stored, or how an answer is read, changes meaning. */
export const CACHE_FORMAT = 1;

export interface CacheEntry<T> {
  format: number;
  key: string;
  createdAt: string;
  value: T;
}

export interface ReviewCache<T> {
  readonly dir: string;
  get(key: string): Promise<T | null>;
  put(key: string, value: T): Promise<void>;
  prune(): Promise<number>;
}

/** The key: a SHA-256 of the inputs, serialised with sorted keys. */
export function cacheKey(inputs: unknown): string {
  return createHash('sha256')
    .update(stableStringify({ format: CACHE_FORMAT, inputs }))
    .digest('hex');
}

export function openReviewCache<T>(
  commonDir: string,
  settings: CacheSettings,
  now: () => Date,
  isValue: (value: unknown) => value is T,
): ReviewCache<T> {
  const dir = statePaths(commonDir).cache;
  const fileFor = (key: string) => join(dir, `${key}.json`);

  const prune = async (): Promise<number> => {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    } catch {
      return 0;
    }
    const entries = await Promise.all(
      names.map(async (name) => {
        try {
          return { name, mtime: (await stat(join(dir, name))).mtimeMs };
        } catch {
          return null; // removed by a concurrent prune
        }
      }),
    );
    const live = entries.filter((e): e is { name: string; mtime: number } => e !== null).sort((a, b) => b.mtime - a.mtime);
    const oldest = now().getTime() - settings.maxAgeDays * 86_400_000;
    const doomed = live.filter((entry, index) => entry.mtime < oldest || index >= settings.maxEntries);
    await Promise.all(doomed.map((entry) => rm(join(dir, entry.name), { force: true })));
    return doomed.length;
  };

  return {
    dir,
    async get(key) {
      let text: string;
      try {
        text = await readFile(fileFor(key), 'utf8');
      } catch {
        return null;
      }
      try {
        const entry = JSON.parse(text) as Partial<CacheEntry<unknown>>;
        if (entry.format === CACHE_FORMAT && entry.key === key && isValue(entry.value)) {
          // Pruning goes by last use: an entry that keeps being reused stays.
          const at = now();
          await utimes(fileFor(key), at, at).catch(() => undefined);
          return entry.value;
        }
      } catch {
        // Fall through: a damaged entry is a miss, and is removed so it cannot linger.
      }
      await rm(fileFor(key), { force: true });
      return null;
    },
    async put(key, value) {
      await mkdir(dir, { recursive: true });
      const entry: CacheEntry<T> = { format: CACHE_FORMAT, key, createdAt: now().toISOString(), value };
      await writeAtomically(fileFor(key), JSON.stringify(entry));
      await prune();
    },
    prune,
  };
}
