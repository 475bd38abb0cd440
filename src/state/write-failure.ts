// The files under <git common dir>/review-hook/ are a record, never the review itself: when they
// cannot be written (a read-only file system, a file where the folder should be, a full disk) the
// report is still shown and the verdict still decided, with a warning that names the cause.

const WORDS: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file is in the way where a folder should be',
  EEXIST: 'a file is in the way where a folder should be',
  EISDIR: 'a folder is in the way where a file should be',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

interface ErrnoLike {
  code?: unknown;
  path?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** "EROFS (read-only file system) at /repo/.git/review-hook/last-review.json", from the error's cause chain. */
export function describeWriteFailure(error: unknown, fallbackPath: string): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const node = current as ErrnoLike;
    if (typeof node.code === 'string' && /^E[A-Z]+$/.test(node.code)) {
      const words = WORDS[node.code];
      const path = typeof node.path === 'string' ? node.path : fallbackPath;
      return `${node.code}${words ? ` (${words})` : ''} at ${path}`;
    }
    current = node.cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message} at ${fallbackPath}`;
}

/**
 * Runs one write of the state folder. A failure becomes a warning (what was not saved, the errno,
 * the path) and false; the review goes on.
 */
export async function writeOrWarn(
  what: string,
  path: string,
  write: () => Promise<void>,
  warn: (message: string) => void,
): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    warn(`could not save ${what}: ${describeWriteFailure(error, path)}; the review and its verdict are not affected`);
    return false;
  }
}

/** Called when one state write fails: what was not saved, where, and the error. */
export type OnWriteFailure = (what: string, path: string, error: unknown) => void;

/**
 * The state writes of one run that failed, said once at its end. A read-only or blocked state folder
 * makes every write fail the same way (report, cache, round): one warning per cause lists them all.
 */
export interface WriteFailures {
  record: OnWriteFailure;
  /** Runs one write; a failure is recorded, not thrown. True when it was written. */
  attempt(what: string, path: string, write: () => Promise<void>): Promise<boolean>;
  /** One warning per distinct cause, naming what was not saved; then forgets them. */
  flush(warn: (message: string) => void): void;
}

export function collectWriteFailures(): WriteFailures {
  const failed: Array<{ order: number; what: string; path: string; error: unknown }> = [];
  // Writes run side by side; the warning lists them in the order they were started, not finished.
  let started = 0;
  const record: OnWriteFailure = (what, path, error) => {
    failed.push({ order: started++, what, path, error });
  };
  return {
    record,
    async attempt(what, path, write) {
      const order = started++;
      try {
        await write();
        return true;
      } catch (error) {
        failed.push({ order, what, path, error });
        return false;
      }
    },
    flush(warn) {
      const byCause = new Map<string, { whats: string[]; description: string }>();
      for (const { what, path, error } of failed.splice(0).sort((a, b) => a.order - b.order)) {
        const description = describeWriteFailure(error, path);
        // ENOTDIR and EEXIST both say a file is where the folder should be: one cause, however git's parts hit it.
        const cause = /^E[A-Z]+ \(([^)]*)\)/.exec(description)?.[1] ?? description.replace(/ at .*$/s, '');
        const group = byCause.get(cause) ?? { whats: [], description };
        if (!group.whats.includes(what)) group.whats.push(what);
        byCause.set(cause, group);
      }
      for (const { whats, description } of byCause.values()) {
        const list = whats.length === 1 ? whats[0] : `${whats.slice(0, -1).join(', ')} and ${whats.at(-1)}`;
        warn(`could not save ${list}: ${description}; the review and its verdict are not affected`);
      }
    },
  };
}
