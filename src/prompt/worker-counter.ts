// Starts the token-count worker (token-worker.ts) and counts through it synchronously, so the
// tokenizer's load (about 0.2 s of compiling and building maps) runs on another core while the main
// thread handles git's output. The worker never holds the process open: it is unref'd, and held only
// while someone waits for it to be ready.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ReviewHookError } from '../errors.js';
import { realTimers, type Timers } from '../timers.js';
import type { Counter } from './bpe-counter.js';
import { ANSWER, type CounterWorkerData, type CounterWorkerMessage, FAILED, REQUEST, RESULT, SLOTS } from './counter-protocol.js';

/** The worker's file: the build emits it beside every chunk (scripts/build.js, ENTRY_POINTS). */
const WORKER_FILE = new URL('./token-worker.js', import.meta.url);
/** A worker not ready by then is given up for the in-thread counter (a healthy one takes well under 1 s). */
const READY_TIMEOUT_MS = 30_000;
/** A count not answered by then (plus a microsecond per character) means the worker is stuck. */
const STALL_MS = 60_000;
/** How long one wait blocks before the stall deadline is checked again. */
const WAIT_SLICE_MS = 100;

export interface WorkerCounter {
  /** The counter once the tokenizer is loaded; rejects when the worker cannot start. */
  ready(): Promise<Counter>;
  stop(): Promise<void>;
}

export interface WorkerCounterOptions {
  /** The worker's module; the built token-worker.js by default. */
  url?: URL;
  timers?: Timers;
  stallMs?: number;
}

export function startWorkerCounter(options: WorkerCounterOptions = {}): WorkerCounter {
  const timers = options.timers ?? realTimers;
  const stallMs = options.stallMs ?? STALL_MS;
  const control = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const { port1: port, port2 } = new MessageChannel();
  const workerData: CounterWorkerData = { control: control.buffer as SharedArrayBuffer, port: port2 };
  const worker = new Worker(options.url ?? WORKER_FILE, { workerData, transferList: [port2] });
  worker.unref();
  port.unref();

  /** Why the worker cannot answer any more; null while it can. */
  let gone: string | null = null;
  let sequence = 0;

  const loaded = new Promise<Counter>((resolve, reject) => {
    const fail = (reason: string) => {
      gone ??= reason;
      reject(new Error(reason));
    };
    port.once('message', (message: CounterWorkerMessage) => {
      if ('ready' in message && message.ready) resolve(count);
      else fail(`the token-count worker did not start: ${'error' in message ? message.error : 'it sent an unexpected message'}`);
    });
    worker.once('error', (error) => fail(`the token-count worker failed: ${error.message}`));
    worker.once('exit', (code) => fail(`the token-count worker exited (code ${code})`));
  });
  // Read by ready(); a failure nobody waits for is not an unhandled rejection.
  loaded.catch(() => undefined);

  /** Posts a request and blocks until the worker answers it; returns the RESULT slot. */
  const ask = (request: string | readonly string[], size: number): number => {
    if (gone !== null) throw counterFailed(gone);
    const seq = ++sequence;
    port.postMessage(request);
    Atomics.store(control, REQUEST, seq);
    Atomics.notify(control, REQUEST);
    const allowed = stallMs + size / 1000;
    const deadline = timers.now() + allowed;
    while (Atomics.load(control, ANSWER) !== seq) {
      Atomics.wait(control, ANSWER, seq - 1, WAIT_SLICE_MS);
      if (Atomics.load(control, ANSWER) !== seq && timers.now() > deadline) {
        gone = `the token-count worker gave no answer within ${Math.round(allowed / 1000)} s`;
        void worker.terminate();
        throw counterFailed(gone);
      }
    }
    const result = Atomics.load(control, RESULT);
    if (result !== FAILED) return result;
    const reply = receiveMessageOnPort(port)?.message as CounterWorkerMessage | undefined;
    throw counterFailed(`the tokenizer failed: ${reply !== undefined && 'error' in reply ? reply.error : 'no reason given'}`);
  };
  const count: Counter = (text) => ask(text, text.length);
  count.each = (texts) => {
    if (texts.length === 0) return [];
    ask(
      texts,
      texts.reduce((n, text) => n + text.length, 0),
    );
    const reply = receiveMessageOnPort(port)?.message as CounterWorkerMessage | undefined;
    if (reply === undefined || !('counts' in reply) || reply.counts.length !== texts.length) {
      throw counterFailed('the token-count worker answered a batch without its counts');
    }
    return reply.counts;
  };

  return {
    ready: async () => {
      if (gone !== null) return loaded;
      // Someone needs the counter now: keep the process alive until the worker answers or fails.
      worker.ref();
      let timer: unknown;
      const timeout = new Promise<never>((_, reject) => {
        timer = timers.setTimeout(() => {
          gone ??= `the token-count worker was not ready within ${READY_TIMEOUT_MS / 1000} s`;
          void worker.terminate();
          reject(new Error(gone));
        }, READY_TIMEOUT_MS);
      });
      try {
        return await Promise.race([loaded, timeout]);
      } finally {
        timers.clearTimeout(timer);
        worker.unref();
      }
    },
    stop: async () => {
      gone ??= 'the token-count worker was stopped';
      await worker.terminate();
    },
  };
}

function counterFailed(reason: string): ReviewHookError {
  return new ReviewHookError('INTERNAL', `counting the prompt's tokens failed: ${reason}`, {
    hint: 'run the review again; if it keeps failing, report it with this message (REVIEW_HOOK_SKIP=1 skips the review for one push)',
  });
}
