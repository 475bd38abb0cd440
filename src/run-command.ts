// Runs programs that are not git (the tracker's `bd`, a configured `context.command`, husky's setup), never
// through a shell: an argv array, an explicit cwd and environment, a time limit that holds even when the program
// leaves a background child holding its output open, and a cap on what is kept.
import { execFile } from 'node:child_process';
import type { Env } from './domain/env.js';

export interface CommandResult {
  /** Exit code 0 within the time limit. */
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** The program does not exist (ENOENT): for `bd`, simply "not available". */
  notFound: boolean;
  timedOut: boolean;
  /** Output went past the cap and was cut. */
  truncated: boolean;
}

export interface RunCommandOptions {
  cwd: string;
  env: Env;
  timeoutMs: number;
  /** Bytes kept from stdout (and from stderr). */
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const [file, ...args] = argv;
  const empty: CommandResult = { ok: false, stdout: '', stderr: '', exitCode: null, notFound: false, timedOut: false, truncated: false };
  if (file === undefined || file === '') return Promise.resolve({ ...empty, stderr: 'no command given' });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      resolve(result);
    };
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env,
        encoding: 'utf8',
        maxBuffer: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        windowsHide: true,
        shell: false,
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: string | number }) | null;
        const truncated = failure?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        finish({
          ok: failure === null || truncated,
          stdout: String(stdout ?? ''),
          stderr: String(stderr ?? ''),
          exitCode: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : (child.exitCode ?? null),
          notFound: failure?.code === 'ENOENT',
          timedOut: failure?.killed === true && !truncated,
          truncated,
        });
      },
    );
    // The program gets no input: a pre-push hook's stdin belongs to git.
    child.stdin?.end();
    // execFile waits for the output pipes to close; a daemon the program started may hold them.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish({ ...empty, timedOut: true, stderr: `timed out after ${options.timeoutMs} ms` });
    }, options.timeoutMs + 1000);
  });
}
