import { describe, expect, it } from 'vitest';
import { OLLAMA_DEFAULT_NUM_CTX, ollamaRoot, parseOllamaPs, parseOllamaShow, windowInUse } from '../../../src/providers/ollama-context.js';

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

describe('parseOllamaPs', () => {
  const ps = (...models: unknown[]) => ({ models });
  it.each([
    [ps({ name: 'qwen2.5:7b', model: 'qwen2.5:7b', context_length: 32768 }), 'qwen2.5:7b', 32768],
    // A name without a tag is :latest, as Ollama reads it.
    [ps({ name: 'llama3.1:latest', model: 'llama3.1:latest', context_length: 8192 }), 'llama3.1', 8192],
    [ps({ name: 'llama3.1:8b', model: 'llama3.1:8b', context_length: 8192 }), 'llama3.1', null],
    // Loaded, but a server older than the field.
    [ps({ name: 'qwen2.5:7b', model: 'qwen2.5:7b' }), 'qwen2.5:7b', null],
    [ps({ name: 'other:1b', context_length: 2048 }, { name: 'qwen2.5:7b', context_length: 4096 }), 'qwen2.5:7b', 4096],
    [ps(), 'qwen2.5:7b', null],
    [ps({ name: 'qwen2.5:7b', context_length: 'big' }), 'qwen2.5:7b', null],
    [ps(null, 7), 'qwen2.5:7b', null],
    [{ models: 'none' }, 'qwen2.5:7b', null],
    [null, 'qwen2.5:7b', null],
  ])('%j, %s → %s', (body, model, expected) => {
    expect(parseOllamaPs(body, model)).toBe(expected);
  });
});

describe('windowInUse', () => {
  it('is what /api/ps reports for the loaded model, before any num_ctx', () => {
    expect(windowInUse({ contextLength: 131072, numCtx: 8192 }, 32768)).toEqual({
      tokens: 32768,
      source: 'the server reports 32768 for the loaded model (/api/ps)',
      assumed: false,
    });
  });
  it('is num_ctx when the model sets it', () => {
    expect(windowInUse({ contextLength: 32768, numCtx: 16384 })).toMatchObject({ tokens: 16384, assumed: false });
  });
  it("is Ollama's default, never above the model's maximum, otherwise, and says it was assumed", () => {
    expect(windowInUse({ contextLength: 131072, numCtx: null })).toEqual({
      tokens: OLLAMA_DEFAULT_NUM_CTX,
      source:
        `assumed: Ollama's default num_ctx ${OLLAMA_DEFAULT_NUM_CTX}, since the model is not loaded and sets no num_ctx; the model supports 131072; ` +
        'a server started with OLLAMA_CONTEXT_LENGTH, or a newer one on a large GPU, gives more',
      assumed: true,
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
