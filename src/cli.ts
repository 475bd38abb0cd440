// The entry file: the only place that touches `process`. It reads argv, env and stdin, hands them
// to the pipeline as plain values (src/cli/run-cli.ts), and sets the exit code:
// 0 allowed, 1 blocked, 2 usage, configuration or internal error.
import { fileURLToPath } from 'node:url';
import { isHookMode, reportError, runCli } from './cli/run-cli.js';

const EXIT_ERROR = 2;
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Reads all of stdin, or returns null when stdin is a terminal (the hook run by hand). */
async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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
