import { statePaths } from '../../../src/state/paths.js';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, openReviewCache } from '../../../src/state/review-cache.js';
import { stableStringify } from '../../../src/state/stable-json.js';
import { estimateCostUSD, formatUSD, priceFor } from '../../../src/cost/estimate-cost.js';
import { tempDir } from '../../helpers/git-repo.js';

type Value = { findings: string[] };
const isValue = (v: unknown): v is Value => typeof v === 'object' && v !== null && Array.isArray((v as Value).findings);
const settings = { enabled: true, maxAgeDays: 30, maxEntries: 200 };

describe('stableStringify', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: [{ y: 1, x: 2 }] }, '{"a":[{"x":2,"y":1}]}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    ['text', '"text"'],
  ])('%j → %s', (value, expected) => {
    expect(stableStringify(value)).toBe(expected);
  });
});

describe('cacheKey', () => {
  it('is the same for the same inputs in any key order, and differs when anything changes', () => {
    const a = cacheKey({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(cacheKey({ messages: [{ content: 'x', role: 'user' }], model: 'm' })).toBe(a);
    expect(cacheKey({ model: 'm2', messages: [{ role: 'user', content: 'x' }] })).not.toBe(a);
    expect(cacheKey({ model: 'm', messages: [{ role: 'user', content: 'x ' }] })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('openReviewCache', () => {
  it('stores and returns a value; a missing key is a miss', async () => {
    const dir = tempDir();
    const cache = openReviewCache(dir, settings, () => new Date(), isValue);
    expect(await cache.get('k1')).toBeNull();
    await cache.put('k1', { findings: ['C1'] });
    expect(await cache.get('k1')).toEqual({ findings: ['C1'] });
    expect(readdirSync(statePaths(dir).cache)).toEqual(['k1.json']);
  });

  it('ignores and removes a corrupt or foreign entry', async () => {
    const dir = tempDir();
    const cache = openReviewCache(dir, settings, () => new Date(), isValue);
    mkdirSync(statePaths(dir).cache, { recursive: true });
    writeFileSync(join(statePaths(dir).cache, 'bad.json'), '{"format":1,"key":"bad","val');
    writeFileSync(join(statePaths(dir).cache, 'other.json'), JSON.stringify({ format: 1, key: 'someone-else', value: { findings: [] } }));
    writeFileSync(join(statePaths(dir).cache, 'shape.json'), JSON.stringify({ format: 1, key: 'shape', value: { findings: 'no' } }));
    expect(await cache.get('bad')).toBeNull();
    expect(await cache.get('other')).toBeNull();
    expect(await cache.get('shape')).toBeNull();
    expect(readdirSync(statePaths(dir).cache)).toEqual([]);
  });

  it('prunes entries past their age and beyond the entry limit, oldest first', async () => {
    const dir = tempDir();
    const now = new Date('2026-06-01T00:00:00Z');
    const cache = openReviewCache(dir, { enabled: true, maxAgeDays: 10, maxEntries: 3 }, () => now, isValue);
    for (const [i, daysAgo] of [
      [1, 20],
      [2, 4],
      [3, 3],
      [4, 2],
    ] as const) {
      await cache.put(`k${i}`, { findings: [] });
      const t = new Date(now.getTime() - daysAgo * 86_400_000);
      utimesSync(join(statePaths(dir).cache, `k${i}.json`), t, t);
    }
    await cache.put('k5', { findings: [] });
    expect(readdirSync(statePaths(dir).cache).sort()).toEqual(['k3.json', 'k4.json', 'k5.json']);
  });

  it('a hit counts as use: an entry that keeps being reused is not pruned for age', async () => {
    const dir = tempDir();
    let now = new Date('2026-06-01T00:00:00Z');
    const cache = openReviewCache(dir, { enabled: true, maxAgeDays: 10, maxEntries: 100 }, () => now, isValue);
    await cache.put('old', { findings: [] });
    const written = new Date(now.getTime() - 9 * 86_400_000);
    utimesSync(join(statePaths(dir).cache, 'old.json'), written, written);
    expect(await cache.get('old')).toEqual({ findings: [] });
    now = new Date(now.getTime() + 5 * 86_400_000);
    await cache.put('new', { findings: [] });
    expect(readdirSync(statePaths(dir).cache).sort()).toEqual(['new.json', 'old.json']);
  });

  it('two writers of the same key leave one whole entry', async () => {
    const dir = tempDir();
    const a = openReviewCache(dir, settings, () => new Date(), isValue);
    const b = openReviewCache(dir, settings, () => new Date(), isValue);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).put('same', { findings: [`F${i}`] })));
    const files = readdirSync(statePaths(dir).cache);
    expect(files).toEqual(['same.json']);
    expect(JSON.parse(readFileSync(join(statePaths(dir).cache, 'same.json'), 'utf8')).value.findings).toHaveLength(1);
  });
});

describe('cost', () => {
  const pricing = { 'gpt-4o-mini': { input: 0.15, output: 0.6 }, 'gpt-4o': { input: 2.5, output: 10 } };
  it.each([
    ['gpt-4o-mini', 0.15],
    ['gpt-4o-mini-2024-07-18', 0.15],
    ['gpt-4o', 2.5],
    ['gpt-4o-2024-08-06', 2.5],
  ])('%s is priced from the table', (model, input) => {
    expect(priceFor(model, pricing)?.input).toBe(input);
  });
  it('an unknown model has no price, and no cost', () => {
    expect(priceFor('llama3', pricing)).toBeNull();
    expect(estimateCostUSD('llama3', pricing, 1000, 1000)).toBeNull();
  });
  it('computes USD per million tokens', () => {
    expect(estimateCostUSD('gpt-4o', pricing, 1_000_000, 100_000)).toBeCloseTo(3.5, 10);
    expect(formatUSD(3.5)).toBe('$3.50');
    expect(formatUSD(0.00123)).toBe('$0.0012');
  });
});
