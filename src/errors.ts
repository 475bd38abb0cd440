// Typed errors. Each has a stable code and keeps what caused it; the CLI maps them to exit code 2.

export type ErrorCode = 'USAGE' | 'CONFIG' | 'GIT' | 'NOT_A_REPO' | 'INSTALL' | 'MODEL' | 'INTERNAL';

export class ReviewHookError extends Error {
  readonly code: ErrorCode;
  /** A line telling the user how to fix it, when we know. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReviewHookError';
    this.code = code;
    this.hint = options.hint;
  }
}

export class UsageError extends ReviewHookError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}

export class ConfigError extends ReviewHookError {
  readonly file: string | null;
  constructor(message: string, file: string | null, options: { cause?: unknown; hint?: string } = {}) {
    super('CONFIG', message, options);
    this.name = 'ConfigError';
    this.file = file;
  }
}

export class GitError extends ReviewHookError {
  readonly args: readonly string[];
  constructor(message: string, args: readonly string[], options: { cause?: unknown; hint?: string } = {}) {
    super('GIT', message, options);
    this.name = 'GitError';
    this.args = args;
  }
}

/** The model review could not complete (no key, network, 5xx, unusable answer). Policy decides what the push gets. */
export class ModelError extends ReviewHookError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('MODEL', message, options);
    this.name = 'ModelError';
  }
}

export class InstallError extends ReviewHookError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('INSTALL', message, options);
    this.name = 'InstallError';
  }
}
