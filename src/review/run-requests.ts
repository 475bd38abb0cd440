// Runs a push's review requests a few at a time, all within the model phase's one deadline.
// Results come back in request order, whatever order they finish in. A request is not started
// when too little time is left, or after a failure that says the endpoint itself is failing
// (the same refused connection or 401 would only repeat for every request).
import { realTimers } from '../timers.js';

export type PoolResult<R> = { status: 'done'; value: R } | { status: 'failed'; error: unknown } | { status: 'not-started'; reason: string };

export interface PoolOptions {
  concurrency: number;
  /** When the whole phase ends, in the clock's milliseconds. */
  deadline: number;
  /** Monotonic milliseconds; the real clock by default. */
  clock?: () => number;
  /** A request is not started with less time than this left. */
  minStartMs?: number;
  /** Whether a failure means the remaining requests would fail the same way. */
  stopsTheRest?: (error: unknown) => boolean;
  /** Called after each request ends, with how many have ended. */
  onSettled?: (settled: number, total: number) => void;
}

export async function runPool<T, R>(
  items: readonly T[],
  options: PoolOptions,
  worker: (item: T, index: number, remainingMs: number) => Promise<R>,
): Promise<Array<PoolResult<R>>> {
  const clock = options.clock ?? realTimers.now;
  const minStartMs = options.minStartMs ?? 1000;
  const results: Array<PoolResult<R> | undefined> = new Array(items.length);
  let next = 0;
  let settled = 0;
  let stopped: string | null = null;

  const lane = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const remaining = options.deadline - clock();
      if (stopped !== null) {
        results[index] = { status: 'not-started', reason: stopped };
      } else if (remaining < minStartMs) {
        results[index] = { status: 'not-started', reason: 'not sent: no time was left within timeoutSeconds' };
      } else {
        try {
          results[index] = { status: 'done', value: await worker(items[index]!, index, remaining) };
        } catch (error) {
          results[index] = { status: 'failed', error };
          if (stopped === null && options.stopsTheRest?.(error)) {
            stopped = `not sent after an earlier request failed (${error instanceof Error ? error.message : String(error)})`;
          }
        }
      }
      options.onSettled?.(++settled, items.length);
    }
  };

  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results as Array<PoolResult<R>>;
}
