import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src/review/run-requests.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runPool', () => {
  it('runs at most `concurrency` at once and returns results in item order', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool([50, 10, 30, 5, 20], { concurrency: 2, deadline: performance.now() + 10_000 }, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return i * 10;
    });
    expect(peak).toBe(2);
    expect(results).toEqual([0, 10, 20, 30, 40].map((value) => ({ status: 'done', value })));
  });

  it('overlaps requests: with concurrency 4, all four are in flight before any ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    const pool = runPool([1, 2, 3, 4], { concurrency: 4, deadline: 10_000, clock: () => 0 }, async (n) => {
      started.push(n);
      await gate;
      return n;
    });
    // One turn of the event loop: every lane has started its request, and none has ended.
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 3, 4]);
    release();
    expect((await pool).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('keeps going after a failure that concerns one request only', async () => {
    const results = await runPool(
      [1, 2, 3],
      { concurrency: 1, deadline: performance.now() + 10_000, stopsTheRest: () => false },
      async (n) => {
        if (n === 2) throw new Error('unusable answer');
        return n;
      },
    );
    expect(results.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
  });

  it('starts no more requests after a failure that would repeat for all of them', async () => {
    const started: number[] = [];
    const results = await runPool(
      [1, 2, 3, 4],
      { concurrency: 1, deadline: performance.now() + 10_000, stopsTheRest: () => true },
      async (n) => {
        started.push(n);
        if (n === 2) throw new Error('connection refused');
        return n;
      },
    );
    expect(started).toEqual([1, 2]);
    expect(results[2]).toEqual({ status: 'not-started', reason: 'not sent after an earlier request failed (connection refused)' });
    expect(results[3]?.status).toBe('not-started');
  });

  it('starts nothing once too little time is left, and tells each request what is left', async () => {
    let now = 0;
    const given: number[] = [];
    const results = await runPool(
      [1, 2, 3],
      { concurrency: 1, deadline: 5000, clock: () => now, minStartMs: 1000 },
      async (_n, _i, remaining) => {
        given.push(remaining);
        now += 2500;
        return remaining;
      },
    );
    expect(given).toEqual([5000, 2500]);
    expect(results[2]).toEqual({ status: 'not-started', reason: 'not sent: no time was left within timeoutSeconds' });
  });

  it('reports progress as requests end', async () => {
    const seen: string[] = [];
    await runPool(
      [1, 2],
      { concurrency: 2, deadline: performance.now() + 1000, onSettled: (n, total) => seen.push(`${n}/${total}`) },
      async () => 0,
    );
    expect(seen).toEqual(['1/2', '2/2']);
  });
});
