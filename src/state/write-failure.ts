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
