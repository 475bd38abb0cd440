// Each provider against a local server that answers as that provider does: its paths, its
// authentication, its quirks and its error bodies.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { planModelReview, runModelPhase, type ModelPhaseInput } from '../../../src/review/model-phase.js';
import { derivePromptBudget } from '../../../src/providers/request-budget.js';
import { startFakeOpenAI, type FakeOpenAIOptions } from '../../helpers/fake-openai.js';
import { createRepo } from '../../helpers/git-repo.js';

async function phase(raw: Record<string, unknown>, env: Record<string, string>): Promise<ModelPhaseInput> {
  const repo = createRepo();
  repo.commit('initial', { 'README.md': '# demo\n' });
  const base = repo.head();
  const head = repo.commit('add sum', { 'src/sum.js': 'export const sum = (a, b) => a - b;\n' });
  const git = createGit(repo.dir, repo.env);
  const info = await openRepo(git);
  const config: ReviewConfig = {
    ...validateConfig(raw, 'test.json'),
    maxRetries: 0,
    cache: { enabled: false, maxAgeDays: 1, maxEntries: 1 },
  };
  const changeset = await collectChangeset(git, info, [{ ref: 'refs/heads/main', base, head, commits: [head], notes: [] }], config);
  return { git, changeset, config, env, offline: false, commonDir: null };
}

async function serve(options: FakeOpenAIOptions) {
  const server = await startFakeOpenAI(options);
  return Object.assign(server, { root: server.url.replace(/\/v1$/, '') });
}

describe('azure', () => {
  it("goes through the SDK's Azure client: deployment path, api-version, api-key header, no bearer", async () => {
    await using server = await serve({ flavor: 'azure', requireApiKey: 'azure-key-1234', deployments: ['review-prod'] });
    const input = await phase(
      { provider: 'azure', model: 'gpt-4o', azure: { deployment: 'review-prod', apiVersion: '2025-01-01-preview' } },
      { AZURE_OPENAI_ENDPOINT: server.root, AZURE_OPENAI_API_KEY: 'azure-key-1234', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    );
    const result = await runModelPhase(input);
    expect(result.reason).toBeNull();
    expect(result.status).toBe('done');
    const [sent] = server.chatRequests();
    expect(sent!.path).toBe('/openai/deployments/review-prod/chat/completions');
    expect(sent!.query['api-version']).toBe('2025-01-01-preview');
    expect(sent!.headers['api-key']).toBe('azure-key-1234');
    expect(sent!.headers.authorization).toBeUndefined();
  });

  it("names Azure's own errors: a missing deployment, a refused key", async () => {
    await using server = await serve({ flavor: 'azure', requireApiKey: 'azure-key-1234', deployments: ['review-prod'] });
    const missing = await runModelPhase(
      await phase({ provider: 'azure', baseURL: server.root, model: 'gpt-4o' }, { AZURE_OPENAI_API_KEY: 'azure-key-1234' }),
    );
    expect(missing.status).toBe('failed');
    expect(missing.reason).toMatch(/404/);
    expect(missing.reason).toMatch(/deployment/i);
    const refused = await runModelPhase(
      await phase(
        { provider: 'azure', baseURL: server.root, azure: { deployment: 'review-prod' } },
        { AZURE_OPENAI_API_KEY: 'wrong-key-5678' },
      ),
    );
    expect(refused.status).toBe('failed');
    expect(refused.reason).toMatch(/401|refused|key/i);
    expect(refused.reason).not.toContain('wrong-key-5678');
  });

  it('without an endpoint says which setting is missing and sends nothing', async () => {
    const result = await runModelPhase(await phase({ provider: 'azure' }, { AZURE_OPENAI_API_KEY: 'k' }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/AZURE_OPENAI_ENDPOINT/);
  });
});

describe('ollama', () => {
  it("asks the server for the model's window and budgets the request to num_ctx", async () => {
    await using server = await serve({
      flavor: 'ollama',
      model: 'qwen2.5-coder:7b',
      ollamaShow: {
        model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 },
        parameters: 'num_ctx 8192\nstop "<|im_end|>"',
      },
    });
    const notes: string[] = [];
    const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'qwen2.5-coder:7b' }, {});
    const dry = await planModelReview({ ...input, onProgress: (t) => notes.push(t) });
    expect(dry.dryRun.maxPromptTokens).toBe(derivePromptBudget(8192, 2048));
    expect(dry.dryRun.maxOutputTokens).toBe(2048);
    expect(notes.join('\n')).toContain('context window 8192 tokens (num_ctx 8192');
    const show = server.requests.find((r) => r.path === '/api/show');
    expect(show?.body).toEqual({ model: 'qwen2.5-coder:7b' });

    const result = await runModelPhase(input);
    expect(result.status).toBe('done');
    const [sent] = server.chatRequests();
    // Ollama ignores parameter names it does not know, so the limit goes as max_tokens.
    expect(sent!.body.max_tokens).toBe(2048);
    expect(sent!.body.max_completion_tokens).toBeUndefined();
    expect(sent!.headers.authorization).toBe('Bearer no-key');
  });

  it('takes the window the server reports for the loaded model (/api/ps) over num_ctx, and says where it came from', async () => {
    await using server = await serve({
      flavor: 'ollama',
      model: 'qwen2.5-coder:7b',
      ollamaShow: { model_info: { 'qwen2.context_length': 32768 }, parameters: 'num_ctx 8192' },
      // As a server started with OLLAMA_CONTEXT_LENGTH=16384 reports it.
      ollamaLoaded: [
        { name: 'llama3.2:1b', context_length: 4096 },
        { name: 'qwen2.5-coder:7b', context_length: 16384 },
      ],
    });
    const notes: string[] = [];
    const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'qwen2.5-coder:7b' }, {});
    const dry = await planModelReview({ ...input, onProgress: (t) => notes.push(t) });
    // The answer gets a quarter of the window at most; the prompt the rest, less a margin.
    expect(dry.dryRun.maxOutputTokens).toBeLessThanOrEqual(16384 / 4);
    const budget = derivePromptBudget(16384, dry.dryRun.maxOutputTokens);
    expect(dry.dryRun.maxPromptTokens).toBe(budget);
    expect(notes.join('\n')).toContain(
      `context window 16384 tokens (the server reports 16384 for the loaded model (/api/ps)): up to ${budget} prompt tokens per request; set maxPromptTokens to use another budget`,
    );
    expect(server.requests.some((r) => r.method === 'GET' && r.path === '/api/ps')).toBe(true);
  });

  it('a model that is not loaded and sets no num_ctx: 4096 is assumed, and the note says so and how to override it', async () => {
    await using server = await serve({
      flavor: 'ollama',
      model: 'llama3.1',
      ollamaShow: { model_info: { 'llama.context_length': 131072 } },
      ollamaLoaded: [],
    });
    const notes: string[] = [];
    const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'llama3.1' }, {});
    const dry = await planModelReview({ ...input, onProgress: (t) => notes.push(t) });
    expect(dry.dryRun.maxPromptTokens).toBe(derivePromptBudget(4096, 1024));
    const note = notes.join('\n');
    expect(note).toContain("context window 4096 tokens (assumed: Ollama's default num_ctx 4096, since the model is not loaded");
    expect(note).toContain('OLLAMA_CONTEXT_LENGTH');
    expect(note).toContain('set maxPromptTokens to use another budget');
  });

  it('an older server (no /api/ps, or no context_length in it) falls back to num_ctx', async () => {
    for (const ollamaLoaded of [false as const, [{ name: 'llama3.1:latest' }]]) {
      await using server = await serve({ flavor: 'ollama', model: 'llama3.1', ollamaShow: { parameters: 'num_ctx 8192' }, ollamaLoaded });
      const notes: string[] = [];
      const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'llama3.1' }, {});
      const dry = await planModelReview({ ...input, onProgress: (t) => notes.push(t) });
      expect(dry.dryRun.maxPromptTokens).toBe(derivePromptBudget(8192, 2048));
      expect(notes.join('\n')).toContain("context window 8192 tokens (num_ctx 8192 in the model's parameters)");
    }
  });

  it("falls back to the model's known window with a note when the server does not know the model", async () => {
    await using server = await serve({ flavor: 'ollama', model: 'llama3.1' });
    const notes: string[] = [];
    const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'mistral' }, {});
    await planModelReview({ ...input, onProgress: (t) => notes.push(t) });
    expect(notes.join('\n')).toContain("model 'mistral' not found");
    expect(notes.join('\n')).toContain('set maxPromptTokens');
  });

  it('keeps a configured maxPromptTokens but still sizes the answer to the window', async () => {
    await using server = await serve({
      flavor: 'ollama',
      model: 'llama3.1',
      ollamaShow: { model_info: { 'llama.context_length': 131072 } },
    });
    const input = await phase({ provider: 'ollama', baseURL: server.url, model: 'llama3.1', maxPromptTokens: 3000 }, {});
    const dry = await planModelReview({ ...input });
    expect(dry.dryRun.maxPromptTokens).toBe(3000);
    expect(dry.dryRun.maxOutputTokens).toBe(1024);
  });
});

describe('lmstudio', () => {
  it('after json_schema is refused goes straight to plain text, never json_object', async () => {
    await using server = await serve({ flavor: 'lmstudio' });
    server.reply({ status: 400, error: 'Failed to load grammar for json_schema' as unknown as Record<string, unknown> });
    server.reply({
      content: '### Critical\nNone\n\n### Important\nNone\n\n### Minor\nNone\n\n### Strengths\n- Small change\n\n### Verdict\nready',
    });
    const result = await runModelPhase(await phase({ provider: 'lmstudio', baseURL: server.url }, {}));
    expect(result.reason).toBeNull();
    const modes = server.chatRequests().map((r) => r.body.response_format?.type ?? 'none');
    expect(modes).toEqual(['json_schema', 'none']);
  });
});

describe('openrouter', () => {
  it('sends the key as a bearer and the attribution headers', async () => {
    await using server = await serve({ requireApiKey: 'or-key-9999' });
    const input = await phase(
      {
        provider: 'openrouter',
        baseURL: server.url,
        model: 'openai/gpt-4o-mini',
        openrouter: { siteUrl: 'https://shop.example', appName: 'Shop CI' },
      },
      { OPENROUTER_API_KEY: 'or-key-9999' },
    );
    const result = await runModelPhase(input);
    expect(result.status).toBe('done');
    const [sent] = server.chatRequests();
    expect(sent!.headers['http-referer']).toBe('https://shop.example');
    expect(sent!.headers['x-title']).toBe('Shop CI');
    expect(sent!.body.model).toBe('openai/gpt-4o-mini');
  });

  it('without OPENROUTER_API_KEY does not run, and says which variable to set', async () => {
    await using server = await serve({});
    const result = await runModelPhase(await phase({ provider: 'openrouter', baseURL: server.url }, { OPENAI_API_KEY: 'not-this-one' }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/Set OPENROUTER_API_KEY/);
    expect(server.requests).toHaveLength(0);
  });
});
