// Asks the person at the terminal whether to push anyway. Stdin carries git's ref lines, so the
// answer is read from /dev/tty; when that does not open (CI, GUI clients, setsid) nothing is asked.
import { open as openCallback, close as closeCallback } from 'node:fs';
import { promisify } from 'node:util';
import { isatty, ReadStream, WriteStream } from 'node:tty';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { realTimers, type Timers } from '../timers.js';
import { reasonProblem } from './overrides.js';
import type { Env } from '../domain/env.js';

const openFd = promisify(openCallback);
const closeFd = promisify(closeCallback);

export const PROMPT_QUESTION = 'Push anyway? Type a reason to override, or press Enter to cancel: ';
const RETRY_QUESTION = 'Type a reason (a few words on why this push is safe), or press Enter to cancel: ';
/** Answers like "y" are not reasons; ask again this many times before giving up. */
const MAX_ATTEMPTS = 3;

export interface TtyStreams {
  input: Readable;
  output: Writable;
  /** Releases the terminal; called exactly once, whatever happened. */
  close(): void | Promise<void>;
}

export interface AskOverrideOptions {
  env: Env;
  stderrIsTTY: boolean;
  /** The `interactive` config key. */
  interactive: boolean;
  timeoutMs: number;
  /** The timeout's timer; the real one by default. */
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  /** Opens the terminal; defaults to the real /dev/tty. Tests pass stream pairs. */
  openTty?: () => Promise<TtyStreams>;
}

export type PromptAnswer = { answered: true; reason: string } | { answered: false; why: string; timedOut?: boolean };

export async function askOverride(options: AskOverrideOptions): Promise<PromptAnswer> {
  return withTerminal(options, (streams) => readReason(streams, options.timeoutMs, options.timers ?? realTimers));
}

/**
 * Opens the terminal when asking is allowed (interactive on, not CI, stderr a terminal, /dev/tty
 * opens), runs `ask` on it, and always releases it. Otherwise answers No with the reason.
 */
export async function withTerminal<T>(
  options: AskOverrideOptions,
  ask: (streams: TtyStreams) => Promise<T>,
): Promise<T | { answered: false; why: string }> {
  if (!options.interactive) return { answered: false, why: 'interactive prompts are turned off (interactive: false)' };
  if ((options.env['CI'] ?? '') !== '') return { answered: false, why: 'running in CI' };
  if (!options.stderrIsTTY) return { answered: false, why: 'stderr is not a terminal' };

  let streams: TtyStreams;
  try {
    streams = await (options.openTty ?? openDevTty)();
  } catch (error) {
    return { answered: false, why: `no terminal to ask on (${describeOpenError(error)})` };
  }

  try {
    return await ask(streams);
  } finally {
    try {
      await streams.close();
    } catch {
      // The answer is already decided; a terminal that fails to close changes nothing.
    }
  }
}

/**
 * Opens the controlling terminal. `[ -r /dev/tty ]` is true even without one, so only a real open
 * tells; it fails with ENXIO when the process has no controlling terminal. tty streams (not fs
 * streams) are used because an fs read on a terminal occupies a thread until a key is pressed,
 * which would keep the process alive after a timeout.
 */
export async function openDevTty(path = '/dev/tty'): Promise<TtyStreams> {
  const readFd = await openFd(path, 'r');
  let writeFd: number;
  try {
    if (!isatty(readFd)) throw new Error(`${path} is not a terminal`);
    writeFd = await openFd(path, 'w');
  } catch (error) {
    await closeFd(readFd).catch(() => undefined);
    throw error;
  }
  const input = new ReadStream(readFd);
  const output = new WriteStream(writeFd);
  return {
    input,
    output,
    close() {
      // Destroying the tty streams closes their file descriptors.
      input.destroy();
      output.destroy();
    },
  };
}

function readReason(streams: TtyStreams, timeoutMs: number, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>): Promise<PromptAnswer> {
  const { input, output } = streams;
  // terminal: false keeps the terminal in its normal line mode (the kernel echoes and edits).
  const lines = createInterface({ input, terminal: false });
  let attempts = 0;

  return new Promise<PromptAnswer>((resolve) => {
    let settled = false;
    const finish = (answer: PromptAnswer, newline: boolean): void => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      lines.removeAllListeners('line');
      lines.close();
      if (newline) output.write('\n');
      resolve(answer);
    };
    const timer = timers.setTimeout(() => {
      finish({ answered: false, why: `no answer within ${formatSeconds(timeoutMs)}`, timedOut: true }, true);
    }, timeoutMs);

    lines.on('line', (line: string) => {
      attempts += 1;
      const reason = line.trim();
      if (reason === '') return finish({ answered: false, why: 'no reason given' }, false);
      const problem = reasonProblem(reason);
      if (problem === null) return finish({ answered: true, reason }, false);
      if (attempts >= MAX_ATTEMPTS) return finish({ answered: false, why: problem }, false);
      output.write(RETRY_QUESTION);
    });
    // End of input (Ctrl-D, terminal gone) is a No.
    lines.on('close', () => finish({ answered: false, why: 'the terminal closed without an answer' }, true));

    output.write(PROMPT_QUESTION);
  });
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENXIO') return '/dev/tty: no controlling terminal';
  if (error instanceof Error) return error.message;
  return String(error);
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`;
}
