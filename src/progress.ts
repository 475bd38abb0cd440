// Progress on stderr: an ora spinner when a person watches a terminal, plain lines otherwise.
// Stdin is always read before this starts, and the spinner never touches it (discardStdin: false).
import type { Writable } from 'node:stream';

export interface Progress {
  start(text: string): Promise<void>;
  update(text: string): void;
  succeed(text: string): void;
  warn(text: string): void;
  fail(text: string): void;
  stop(): void;
  /** A line that is printed only with --verbose. */
  detail(text: string): void;
}

export interface ProgressOptions {
  stream: Writable & { isTTY?: boolean; columns?: number };
  /** A spinner only when the stream is a terminal and nobody asked for quiet or CI output. */
  interactive: boolean;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream, quiet, verbose } = options;
  const write = (line: string) => {
    if (!quiet) stream.write(`${line}\n`);
  };
  let spinner: import('ora').Ora | null = null;

  return {
    async start(text) {
      if (quiet) return;
      // A terminal that reports no width (a pty nobody sized) sends ora's line clearing into an
      // endless loop; plain lines are safe anywhere.
      if (!options.interactive || !((stream.columns ?? 0) > 0)) {
        write(`review-hook: ${text}`);
        return;
      }
      const { default: ora } = await import('ora');
      spinner = ora({ text, stream, discardStdin: false, color: 'cyan' }).start();
    },
    update(text) {
      // Plain output prints only the start line; updates would flood a GUI client's log.
      if (spinner) spinner.text = text;
      else if (verbose) write(`review-hook: ${text}`);
    },
    succeed(text) {
      if (spinner) spinner.succeed(text);
      else write(`review-hook: ${text}`);
      spinner = null;
    },
    warn(text) {
      if (spinner) spinner.warn(text);
      else if (!quiet) stream.write(`review-hook: warning: ${text}\n`);
      spinner = null;
    },
    fail(text) {
      if (spinner) spinner.fail(text);
      else if (!quiet) stream.write(`review-hook: ${text}\n`);
      spinner = null;
    },
    stop() {
      spinner?.stop();
      spinner = null;
    },
    detail(text) {
      if (!verbose || quiet) return;
      if (spinner) spinner.clear();
      stream.write(`review-hook: ${text}\n`);
      if (spinner) spinner.render();
    },
  };
}
