import { describe, expect, it } from 'vitest';
import { OLLAMA_DEFAULT_NUM_CTX, ollamaRoot, parseOllamaShow, windowInUse } from '../../../src/providers/ollama-context.js';

describe('parseOllamaShow', () => {
  it.each([
    [
      { model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 }, parameters: 'stop "<|eot_id|>"' },
      { contextLength: 131072, numCtx: null },
    ],
    [
      { model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 }, parameters: 'num_ctx 16384\nstop "x"' },
      { contextLength: 32768, numCtx: 16384 },
    ],
    // No architecture name: any *.context_length.
    [{ model_info: { 'gemma3.context_length': 8192 } }, { contextLength: 8192, numCtx: null }],
    [{ model_info: { 'general.architecture': 'llama', 'llama.context_length': 'big' } }, { contextLength: null, numCtx: null }],
    [{ parameters: 'num_ctx   0' }, { contextLength: null, numCtx: null }],
    [null, { contextLength: null, numCtx: null }],
    ['garbage', { contextLength: null, numCtx: null }],
  ])('%j → %j', (body, expected) => {
    expect(parseOllamaShow(body)).toEqual(expected);
  });
});

describe('windowInUse', () => {
  it('is num_ctx when the model sets it', () => {
    expect(windowInUse({ contextLength: 32768, numCtx: 16384 }).tokens).toBe(16384);
  });
  it("is Ollama's default, never above the model's maximum, otherwise", () => {
    expect(windowInUse({ contextLength: 131072, numCtx: null })).toEqual({
      tokens: OLLAMA_DEFAULT_NUM_CTX,
      source: `Ollama's default num_ctx ${OLLAMA_DEFAULT_NUM_CTX} (the model supports 131072)`,
    });
    expect(windowInUse({ contextLength: 2048, numCtx: null }).tokens).toBe(2048);
    expect(windowInUse({ contextLength: null, numCtx: null }).tokens).toBe(OLLAMA_DEFAULT_NUM_CTX);
  });
});

it.each([
  ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434'],
  ['http://127.0.0.1:11434/v1/', 'http://127.0.0.1:11434'],
  ['http://gpu/ollama/v1', 'http://gpu/ollama'],
  ['http://gpu:11434', 'http://gpu:11434'],
])('ollamaRoot(%s) = %s', (url, root) => {
  expect(ollamaRoot(url)).toBe(root);
});
