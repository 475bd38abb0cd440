// How much of a push is read for the model, decided by bytes before anything is tokenized, so a push
// of any size costs bounded time and memory. What is over a limit is listed as skipped ("too large");
// the secret, key and conflict checks still read every line of it (see commit-lines.ts).

/** maxCommits when the config does not set it: ranges are resolved with it before the config is loaded. */
export const DEFAULT_MAX_COMMITS = 100;

/** maxPushTokens when the config does not set it. */
export const DEFAULT_MAX_PUSH_TOKENS = 200_000;

/** A line longer than this (minified or generated text, a data blob) keeps its file from being sent. */
export const MAX_LINE_CHARS = 20_000;

/** Bytes of diff per token of maxPushTokens, generously: code averages 3–5 bytes per token. */
const BYTES_PER_TOKEN = 6;
const MIN_FILE_BYTES = 1024 * 1024;
/** The push's total is this many times one file's limit. */
const PUSH_FILES = 4;

export interface SizeLimits {
  /** A file whose diff is larger is not sent. */
  fileBytes: number;
  /** Once the files read for the model add up to this, the rest are not sent. */
  pushBytes: number;
  lineChars: number;
}

/** 1.2 MB (6 bytes per token of maxPushTokens, at least 1 MiB) per file, 4 times that per push. */
export function sizeLimits(maxPushTokens: number): SizeLimits {
  const fileBytes = Math.max(MIN_FILE_BYTES, maxPushTokens * BYTES_PER_TOKEN);
  return { fileBytes, pushBytes: fileBytes * PUSH_FILES, lineChars: MAX_LINE_CHARS };
}

/** "1.1 MB", "512 KB" (binary units: 1 MB = 1,048,576 bytes): for skip reasons. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const tooLargeReasons = {
  file: (limits: SizeLimits) => `too large: its diff is over ${formatBytes(limits.fileBytes)}`,
  // toLocaleString here, not formatCount: only a too-long line gets here, and this module is on the path of every push.
  line: (limits: SizeLimits) =>
    `too large: a line longer than ${limits.lineChars.toLocaleString('en-US')} characters (minified or generated?)`,
  push: (limits: SizeLimits) => `too large: the push's diff is over ${formatBytes(limits.pushBytes)}, more than can be sent`,
};
