// The entry file: the only place that touches `process`. It reads argv, env and stdin, hands them
// to the pipeline as plain values (src/cli/run-cli.ts), and sets the exit code:
// 0 allowed, 1 blocked, 2 usage, configuration or internal error.
import { fstatSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isHookMode, reportError, runCli } from './cli/run-cli.js';

const EXIT_ERROR = 2;
// Built, this file is dist/cli.js (a bundle entry keeps its place; the code it loads later sits in
// chunks beside it): the package root is its folder's parent, in src/ and in dist/ alike.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Reads all of stdin, or returns null when stdin is a terminal (the hook run by hand). Read straight
 * from the descriptor: git hands the hook a pipe and closes it after the ref lines, and creating
 * process.stdin (a stream, and the modules behind it) would cost every push a few milliseconds.
 */
async function readStdin(): Promise<string | null> {
  // Only a character device can be a terminal (so can /dev/null, which is read as empty).
  if (fstatSync(0).isCharacterDevice() && (await import('node:tty')).isatty(0)) return null;
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(65536);
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      // A descriptor left non-blocking by whoever shares it: read the rest as a stream, keeping what was read.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      for await (const rest of process.stdin) chunks.push(rest as Buffer);
      break;
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  // Stdin carries git's ref lines: read it in full before any spinner or prompt exists.
  const stdinText = isHookMode(argv) ? await readStdin() : null;
  return runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinText,
    packageRoot,
    nodePath: process.execPath,
    nodeVersion: process.versions.node,
    now: () => new Date(),
  });
}

// Ctrl-C: stop at once. Files are written atomically, so nothing half-written is left behind.
process.once('SIGINT', () => {
  process.stderr.write('\nreview-hook: interrupted\n');
  process.exit(130);
});

// A reader that stops early (`review-hook --help | head -1`) closes the pipe: stop writing to it, and
// keep the run's own exit code, since a verdict must not turn into a crash or into a pass.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportError(error, process.stderr, isHookMode(process.argv.slice(2)), true);
    process.exitCode = EXIT_ERROR;
  },
);
