// The fake server is what every model test stands on, so its own behaviour is pinned here.
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../helpers/fake-openai.js';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('startFakeOpenAI', () => {
  it('answers like the chat completions API and records the request', async () => {
    await using server = await startFakeOpenAI();
    server.reply({ review: { verdict: 'ready' }, usage: { prompt_tokens: 7, completion_tokens: 2 } });
    const response = await post(server.url, { model: 'm1', messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer k' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'm1',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"verdict":"ready"}', refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm1', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it('lists a model, answers 404 elsewhere, and checks the key when asked to', async () => {
    await using server = await startFakeOpenAI({ model: 'local-model', requireApiKey: 'right' });
    const models = await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer right' } });
    expect(((await models.json()) as any).data[0].id).toBe('local-model');
    expect((await fetch(`${server.url}/nope`, { headers: { authorization: 'Bearer right' } })).status).toBe(404);
    expect((await post(server.url, {}, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('plays queued replies in order, then the default, and lets a reply depend on the request', async () => {
    await using server = await startFakeOpenAI();
    server.reply({ status: 429, retryAfter: 3 }, { truncated: '{"a":' }, { refusal: 'no' });
    server.setDefault((req) => ({ content: `echo ${req.body.model}` }));
    const limited = await post(server.url, {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(((await limited.json()) as any).error.code).toBe('rate_limit_exceeded');
    expect(((await (await post(server.url, {})).json()) as any).choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: '{"a":' },
    });
    expect(((await (await post(server.url, {})).json()) as any).choices[0].message).toMatchObject({ content: null, refusal: 'no' });
    expect(((await (await post(server.url, { model: 'x' })).json()) as any).choices[0].message.content).toBe('echo x');
  });

  it('closes promptly while a slow reply is pending', async () => {
    const server = await startFakeOpenAI();
    // Far longer than the test's timeout: only a close that does not wait for the reply can pass.
    server.setDefault({ delayMs: 600_000 });
    const pending = post(server.url, {}).then(
      () => 'answered',
      () => 'failed',
    );
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close();
    expect(await pending).toBe('failed');
  }, 10_000);

  it('can drop the connection without answering', async () => {
    await using server = await startFakeOpenAI();
    server.reply({ drop: true });
    await expect(post(server.url, {})).rejects.toThrow();
  });
});
