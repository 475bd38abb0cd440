// The main thread's side of the token-count worker, against stand-in workers that speak the same
// protocol and misbehave on purpose (tests/fixtures/token-workers/). The real worker's counts are
// checked against gpt-tokenizer in tests/e2e/token-worker.test.ts, on the installed package.
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewHookError } from '../../../src/errors.js';
import { startWorkerCounter, type WorkerCounter } from '../../../src/prompt/worker-counter.js';
import type { Timers } from '../../../src/timers.js';
import { manualTimers } from '../../helpers/manual-timers.js';

const fixture = (name: string) => new URL(`../../fixtures/token-workers/${name}.mjs`, import.meta.url);
const started: WorkerCounter[] = [];
const start = (name: string, timers?: Timers) => {
  const counter = startWorkerCounter({ url: fixture(name), ...(timers ? { timers } : {}) });
  started.push(counter);
  return counter;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.stop()));
});

/**
 * A count blocks the thread, so a test cannot move a clock while it waits: this one jumps a long way
 * on every reading, so the first check after a wait finds the deadline passed.
 */
function leapingClock(): Timers {
  let now = 0;
  return { ...manualTimers(), now: () => (now += 1_000_000) };
}

describe('startWorkerCounter', () => {
  it('counts one text and a batch synchronously, in order', async () => {
    const count = await start('letters').ready();
    expect(count('abc DEF gh')).toBe(5);
    expect(count.each?.(['a', '', 'xyz', 'no caps ZZ'])).toEqual([1, 0, 3, 6]);
    expect(count.each?.([])).toEqual([]);
    expect(count('one more')).toBe(7);
  });

  it('rejects ready() with the reason when the worker throws while loading', async () => {
    await expect(start('throws-on-load').ready()).rejects.toThrow('the token-count worker failed: the ranks could not be read');
  });

  it('rejects ready() when the worker file does not exist', async () => {
    await expect(start('no-such-worker').ready()).rejects.toThrow(/token-count worker/);
  });

  it('gives up on a worker that is never ready, when the ready deadline passes', async () => {
    const timers = manualTimers();
    const ready = start('never-ready', timers).ready();
    timers.advance(30_000);
    await expect(ready).rejects.toThrow('the token-count worker was not ready within 30 s');
  });

  it('throws a clear error instead of hanging when the worker stops answering, and keeps failing fast', async () => {
    const count = await start('silent', leapingClock()).ready();
    const first = (() => {
      try {
        count('hello');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(first).toBeInstanceOf(ReviewHookError);
    expect((first as ReviewHookError).code).toBe('INTERNAL');
    expect((first as Error).message).toMatch(/^counting the prompt's tokens failed: the token-count worker gave no answer within 60 s$/);
    expect(() => count('again')).toThrow(/gave no answer/);
  });

  it('passes the tokenizer failure on as a clear error', async () => {
    const count = await start('fail').ready();
    expect(() => count('hello')).toThrow("counting the prompt's tokens failed: the tokenizer failed: the merge table is corrupt");
    expect(() => count.each?.(['a', 'b'])).toThrow(/the merge table is corrupt/);
  });

  it('refuses to count once stopped', async () => {
    const counter = start('letters');
    const count = await counter.ready();
    await counter.stop();
    expect(() => count('abc')).toThrow('the token-count worker was stopped');
  });
});
