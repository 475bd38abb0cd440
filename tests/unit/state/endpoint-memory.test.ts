import { statePaths } from '../../../src/state/paths.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointKey, MEMORY_MAX_AGE_MS, recallShape, rememberShape } from '../../../src/state/endpoint-memory.js';
import { tempDir } from '../../helpers/git-repo.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const SHAPE = { mode: 'json_object' as const, tokenParam: 'max_tokens' as const, temperature: true };

describe('endpoint memory', () => {
  it('remembers a shape per endpoint and model', async () => {
    const dir = tempDir();
    const key = endpointKey('http://127.0.0.1:11434/v1', 'qwen2.5-coder');
    await rememberShape(dir, key, SHAPE, NOW);
    expect(await recallShape(dir, key, NOW)).toEqual(SHAPE);
    expect(await recallShape(dir, endpointKey('http://127.0.0.1:11434/v1', 'llama3'), NOW)).toBeNull();
    const saved = JSON.parse(readFileSync(statePaths(dir).endpoints, 'utf8'));
    expect(saved.endpoints[key]).toEqual({ ...SHAPE, at: NOW.toISOString() });
  });

  it('keeps the 50 most recently used endpoints', async () => {
    const dir = tempDir();
    // Written out of time order, so what is kept depends on the times, not on the order of writing.
    const minutes = Array.from({ length: 52 }, (_, i) => (i * 37) % 52);
    for (const m of minutes) await rememberShape(dir, `endpoint-${m}`, SHAPE, new Date(NOW.getTime() + m * 60_000));
    const saved = JSON.parse(readFileSync(statePaths(dir).endpoints, 'utf8'));
    const kept = Object.keys(saved.endpoints).map((k) => Number(k.split('-')[1]));
    expect(kept.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  });

  it('keys without credentials or query, and names the default endpoint', () => {
    expect(endpointKey('https://user:sk-secret@proxy.example.com/v1?key=abc', 'gpt-4o')).toBe('https://proxy.example.com/v1 gpt-4o');
    expect(endpointKey(null, 'gpt-4o')).toBe('https://api.openai.com/v1 gpt-4o');
  });

  it('forgets an entry after a week, so an upgraded server is tried with the full request again', async () => {
    const dir = tempDir();
    await rememberShape(dir, 'k', SHAPE, NOW);
    expect(await recallShape(dir, 'k', new Date(NOW.getTime() + MEMORY_MAX_AGE_MS - 1))).toEqual(SHAPE);
    expect(await recallShape(dir, 'k', new Date(NOW.getTime() + MEMORY_MAX_AGE_MS + 1))).toBeNull();
  });

  it.each([
    ['not JSON', '{"endpoints": '],
    ['the wrong shape', '[1, 2, 3]'],
    ['an entry with an unknown mode', JSON.stringify({ version: 1, endpoints: { k: { ...SHAPE, mode: 'xml', at: NOW.toISOString() } } })],
  ])('ignores a file that is %s, and replaces it on the next write', async (_name, text) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'review-hook'), { recursive: true });
    writeFileSync(statePaths(dir).endpoints, text);
    expect(await recallShape(dir, 'k', NOW)).toBeNull();
    await rememberShape(dir, 'k', SHAPE, NOW);
    expect(await recallShape(dir, 'k', NOW)).toEqual(SHAPE);
  });

  it('rejects with the errno when it cannot write (the caller warns), and recalls nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'review-hook'), 'a file where the folder should be');
    await expect(rememberShape(dir, 'k', SHAPE, NOW)).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    expect(await recallShape(dir, 'k', NOW)).toBeNull();
  });
});
