import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/errors.js';
import { MAX_ANSWER_CHARS, reviewWithModel } from '../../../src/transport/chat-completions/client.js';
import type { ModelErrorWithUsage, ModelRequest } from '../../../src/transport/transport.js';
import type { ChatMessage } from '../../../src/prompt/build-prompt.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fake-openai.js';
import { eventually, manualTimers } from '../../helpers/manual-timers.js';

const KEY = 'sk-test-DO-NOT-LEAK-4242';
const messages: ChatMessage[] = [
  { role: 'system', content: 'You review code.' },
  { role: 'user', content: 'Review this diff and answer in JSON.' },
];
const review = {
  summary: 'One problem.',
  findings: [
    {
      severity: 'important',
      category: 'correctness',
      file: 'src/a.ts',
      line: 3,
      endLine: null,
      quote: 'return a - b;',
      title: 'Wrong operator',
      detail: 'Subtracts instead of adding.',
    },
  ],
  strengths: ['Small change'],
  requirements: [{ requirement: 'add() adds', status: 'missing', evidence: 'src/a.ts:3' }],
  verdict: 'ready_with_fixes',
};
const markdown =
  '### Critical\nNone\n\n### Important\n1. **Wrong operator** - `src/a.ts:3`\n\n### Minor\nNone\n\n### Strengths\n- Small change';

let server: FakeOpenAI;
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    messages,
    model: 'gpt-4o-mini',
    baseURL: server.url,
    apiKey: KEY,
    timeoutSeconds: 5,
    maxRetries: 1,
    structuredOutput: 'auto',
    ...overrides,
  };
}

/** Runs the request, expects a ModelError matching `message`, and checks the key is nowhere in it. */
async function failure(req: ModelRequest, message: RegExp): Promise<ModelErrorWithUsage> {
  const error = await reviewWithModel(req).then(
    () => {
      throw new Error('expected the review to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  const modelError = error as ModelErrorWithUsage;
  expect(modelError.message).toMatch(message);
  const causes: string[] = [];
  for (let cause: unknown = modelError.cause; cause instanceof Error; cause = cause.cause) causes.push(cause.message);
  const everything = [modelError.message, modelError.hint ?? '', ...causes, modelError.stack ?? ''].join('\n');
  expect(everything).not.toContain(KEY);
  expect(modelError.usage).toBeDefined();
  return modelError;
}

describe('reviewWithModel: requests', () => {
  it('sends the messages with a strict json_schema and returns the validated review', async () => {
    server.reply({ review, usage: { prompt_tokens: 120, completion_tokens: 30 } });
    const outcome = await reviewWithModel(request());

    expect(outcome).toEqual({
      review,
      usage: { requests: 1, promptTokens: 120, completionTokens: 30 },
      mode: 'json_schema',
      format: 'json',
      repaired: false,
    });
    const [sent] = server.chatRequests();
    expect(server.chatRequests()).toHaveLength(1);
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body).toMatchObject({ model: 'gpt-4o-mini', messages, temperature: 0, max_completion_tokens: 4096 });
    expect(sent!.body.max_tokens).toBeUndefined();
    const format = sent!.body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'code_review', strict: true });
    const schema = format.json_schema.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['summary', 'findings', 'strengths', 'requirements', 'verdict']);
    const item = schema.properties.findings.items;
    expect(item.additionalProperties).toBe(false);
    expect(item.required).toEqual(Object.keys(item.properties));
    expect(JSON.stringify(schema)).not.toMatch(/"minimum"|"maximum"|"exclusiveMinimum"/);
  });

  it('sends reasoning models no temperature and a larger output budget', async () => {
    await reviewWithModel(request({ model: 'gpt-5-mini' }));
    await reviewWithModel(request({ model: 'openai/o3' }));
    for (const sent of server.chatRequests()) {
      expect(sent.body).not.toHaveProperty('temperature');
      expect(sent.body.max_completion_tokens).toBe(32768);
    }
  });

  it('uses a placeholder key for a local server that needs none', async () => {
    const outcome = await reviewWithModel(request({ apiKey: null }));
    expect(outcome.review.verdict).toBe('ready');
    expect(server.chatRequests()[0]!.headers.authorization).toBe('Bearer no-key');
  });

  it('reports progress', async () => {
    const notes: string[] = [];
    await reviewWithModel(request({ onProgress: (text) => notes.push(text) }));
    expect(notes[0]).toBe(`asking gpt-4o-mini at ${server.url}`);
  });
});

describe('reviewWithModel: retries and time', () => {
  it('waits as long as retry-after asks after a 429, then succeeds', async () => {
    server.reply({ status: 429, retryAfter: 1 }, { review });
    const outcome = await reviewWithModel(request({ maxRetries: 2 }));
    expect(outcome.review).toEqual(review);
    const [first, second] = server.chatRequests();
    expect(server.chatRequests()).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect([first!.headers['x-stainless-retry-count'], second!.headers['x-stainless-retry-count']]).toEqual(['0', '1']);
    // Both HTTP requests count: the refused one was sent too.
    expect(outcome.usage.requests).toBe(2);
  });

  it('gives up on a 429 at once when its retry-after is longer than the time left', async () => {
    server.reply({ status: 429, retryAfter: 30 });
    // A frozen clock: 2 s stay left, and waiting out the 30 s would run into the test's timeout.
    await failure(
      request({ timeoutSeconds: 2, maxRetries: 3, timers: manualTimers() }),
      /rate limited \(429\): the server asks to wait 30s, longer than the time left/,
    );
    expect(server.chatRequests()).toHaveLength(1);
  }, 10_000);

  it('fails with the status after maxRetries + 1 requests when the server keeps failing', async () => {
    server.setDefault({ status: 500 });
    const error = await failure(request({ maxRetries: 1 }), /^server error 500 after 1 retry: The server had an error/);
    expect(server.chatRequests()).toHaveLength(2);
    expect(error.usage).toEqual({ requests: 2, promptTokens: 0, completionTokens: 0 });
  });

  it('stops retrying a failing server when the next backoff would pass timeoutSeconds', async () => {
    server.setDefault({ status: 503 });
    // A frozen clock: 1 s stays left, so the first backoff (0.5 s) fits and the second (1 s) does not.
    await failure(
      request({ maxRetries: 5, timeoutSeconds: 1, timers: manualTimers() }),
      /^server error 503 after 1 retry \(no time left to retry\)/,
    );
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('says rate limited after the retries are spent', async () => {
    server.setDefault({ status: 429, retryAfterMs: 10 });
    await failure(request({ maxRetries: 2 }), /^rate limited \(429\) after 2 retries/);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('stops a slow server at timeoutSeconds, retries included', async () => {
    server.setDefault({ delayMs: 60_000 });
    const timers = manualTimers();
    const failed = failure(
      request({ timeoutSeconds: 30, maxRetries: 2, timers }),
      /^timed out after 30s waiting for the model at http:\/\/127\.0\.0\.1:\d+\/v1$/,
    );
    await eventually(() => server.chatRequests().length === 1, 'the request reached the server');
    timers.advance(29_000);
    timers.advance(1000);
    await failed;
    // The deadline ended it: no retry was sent, and no timer is left behind.
    expect(server.chatRequests()).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  }, 10_000);

  it('says cancelled when the caller aborts', async () => {
    server.setDefault({ delayMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await failure(request({ signal: controller.signal }), /^the model review was cancelled$/);
  });
});

describe('reviewWithModel: what the endpoint accepts', () => {
  it('falls back from json_schema to json_object on a 400', async () => {
    server.setDefault((req) =>
      req.body.response_format?.type === 'json_schema'
        ? {
            status: 400,
            error: {
              message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
              type: 'invalid_request_error',
              param: 'response_format',
              code: null,
            },
          }
        : { review },
    );
    const notes: string[] = [];
    const outcome = await reviewWithModel(request({ onProgress: (t) => notes.push(t) }));
    expect(outcome.mode).toBe('json_object');
    expect(outcome.review).toEqual(review);
    expect(server.chatRequests().map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
    expect(notes).toContain('the endpoint rejected json_schema output; trying json_object');
    // The refused request was sent too: usage counts every HTTP request.
    expect(outcome.usage.requests).toBe(2);
  });

  it('falls back to plain text when neither JSON mode is accepted, and reads the Markdown answer', async () => {
    server.setDefault((req) =>
      req.body.response_format !== undefined
        ? { status: 400, error: { message: 'response_format is not supported' } }
        : { content: markdown },
    );
    const outcome = await reviewWithModel(request());
    expect(outcome).toMatchObject({ mode: 'none', format: 'markdown', repaired: false });
    expect(outcome.review.findings).toMatchObject([{ severity: 'important', file: 'src/a.ts', line: 3, title: 'Wrong operator' }]);
    expect(server.chatRequests().map((r) => r.body.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    expect(outcome.usage.requests).toBe(3);
  });

  it('sends no response_format with structuredOutput "none"', async () => {
    server.reply({ content: markdown });
    const outcome = await reviewWithModel(request({ structuredOutput: 'none' }));
    expect(outcome.format).toBe('markdown');
    expect(server.chatRequests()[0]!.body).not.toHaveProperty('response_format');
  });

  it('sends json_object with structuredOutput "json_object"', async () => {
    await reviewWithModel(request({ structuredOutput: 'json_object' }));
    expect(server.chatRequests()[0]!.body.response_format).toEqual({ type: 'json_object' });
  });

  it('does not fall back when a mode was chosen explicitly', async () => {
    server.setDefault({ status: 400, error: { message: 'json_schema is not supported', type: 'invalid_request_error' } });
    await failure(request({ structuredOutput: 'json_schema' }), /^request rejected \(400\): json_schema is not supported/);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('does not fall back when the prompt is too long for the model', async () => {
    server.setDefault({
      status: 400,
      error: { message: "This model's maximum context length is 8192 tokens.", code: 'context_length_exceeded' },
    });
    await failure(request(), /^request rejected \(400\): This model's maximum context length/);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('sends max_tokens to a server that does not know max_completion_tokens, and drops temperature when refused', async () => {
    server.setDefault((req) => {
      if ('max_completion_tokens' in req.body)
        return { status: 400, error: { message: 'Unrecognized request argument supplied: max_completion_tokens' } };
      if ('temperature' in req.body)
        return { status: 400, error: { message: "Unsupported value: 'temperature' does not support 0 with this model." } };
      return { review };
    });
    const outcome = await reviewWithModel(request());
    expect(outcome.mode).toBe('json_schema');
    const bodies = server.chatRequests().map((r) => r.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[1]).toMatchObject({ max_tokens: 4096, temperature: 0 });
    expect(bodies[1]).not.toHaveProperty('max_completion_tokens');
    expect(bodies[2]).toMatchObject({ max_tokens: 4096 });
    expect(bodies[2]).not.toHaveProperty('temperature');
  });
});

describe('reviewWithModel: unusable answers', () => {
  it('asks once more after a garbage answer, showing the answer and the problem', async () => {
    server.reply(
      { content: 'I think the code is fine overall!', usage: { prompt_tokens: 100, completion_tokens: 8 } },
      { review, usage: { prompt_tokens: 130, completion_tokens: 40 } },
    );
    const outcome = await reviewWithModel(request());
    expect(outcome).toMatchObject({ repaired: true, review, usage: { requests: 2, promptTokens: 230, completionTokens: 48 } });
    const second = server.chatRequests()[1]!.body.messages as ChatMessage[];
    expect(second.slice(0, 2)).toEqual(messages);
    expect(second[2]).toEqual({ role: 'assistant', content: 'I think the code is fine overall!' });
    expect(second[3]!.role).toBe('user');
    expect(second[3]!.content).toMatch(/could not be used: the answer is neither a JSON review.*only the JSON object/);
  });

  it('fails when the repaired answer is unusable too, and reports what was used', async () => {
    server.setDefault({ content: 'still not json', usage: { prompt_tokens: 10, completion_tokens: 3 } });
    const error = await failure(request(), /^unusable answer: the answer is neither a JSON review/);
    expect(server.chatRequests()).toHaveLength(2);
    expect(error.usage).toEqual({ requests: 2, promptTokens: 20, completionTokens: 6 });
  });

  it('asks for a shorter answer after a truncated one, without echoing it', async () => {
    server.reply({ truncated: '{"summary": "Long review' }, { review });
    const outcome = await reviewWithModel(request());
    expect(outcome.repaired).toBe(true);
    const second = server.chatRequests()[1]!.body.messages as ChatMessage[];
    expect(second).toHaveLength(3);
    expect(second[2]!.content).toMatch(/cut off.*Keep it short/);
  });

  it('fails clearly when the model refuses twice', async () => {
    server.setDefault({ refusal: "I can't help with that." });
    await failure(request(), /^unusable answer: the model refused: I can't help with that\./);
  });
});

describe('reviewWithModel: configuration and connection errors', () => {
  it('fails clearly without an API key and without a baseURL, sending nothing', async () => {
    const error = await failure(request({ apiKey: null, baseURL: null, apiKeyEnv: 'MY_KEY' }), /^no API key: set MY_KEY/);
    expect(error.hint).toMatch(/baseURL/);
    expect(server.requests).toHaveLength(0);
  });

  it('names the endpoint when nothing listens there', async () => {
    const port = await freePort();
    const error = await failure(
      request({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }),
      new RegExp(
        `^could not connect to http://127\\.0\\.0\\.1:${port}/v1: connection refused \\(nothing is listening there\\) \\[ECONNREFUSED\\]$`,
      ),
    );
    // Nothing reached a server, so usage does not claim a request was made.
    expect(error.usage).toEqual({ requests: 0, promptTokens: 0, completionTokens: 0 });
  });

  it('counts no request for refused connections, also across retries', async () => {
    const port = await freePort();
    // A frozen clock: 1 s stays left, so one retry fits (backoff 0.5 s) and the next does not.
    const error = await failure(
      request({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 5, timeoutSeconds: 1, timers: manualTimers() }),
      /connection refused/,
    );
    expect(error.usage.requests).toBe(0);
  });

  it('stops retrying a refused connection when the next backoff would pass timeoutSeconds', async () => {
    const port = await freePort();
    // A frozen clock: 1 s stays left, so the first backoff (0.5 s) fits and the second (1 s) does not.
    await failure(
      request({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 5, timeoutSeconds: 1, timers: manualTimers() }),
      new RegExp(
        `^could not connect to http://127\\.0\\.0\\.1:${port}/v1: connection refused \\(nothing is listening there\\) \\[ECONNREFUSED\\] \\(no time left within 1s to retry\\)$`,
      ),
    );
  });

  it('says in words that a host name does not resolve', async () => {
    // .invalid never resolves (RFC 6761); without DNS at all the lookup fails with EAI_AGAIN instead.
    await failure(
      request({ baseURL: 'http://no-such-host.invalid/v1', maxRetries: 0 }),
      /^could not connect to http:\/\/no-such-host\.invalid\/v1: (unknown host \(the name does not resolve\) \[ENOTFOUND\]|the host name could not be resolved right now \(DNS lookup failed\) \[EAI_AGAIN\])$/,
    );
  });

  it('says that an HTML page came where JSON was expected, with its title and without its markup', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><script>x()</script></body></html>';
    server.setDefault({ html: page, status: 502 });
    const error = await failure(
      request({ maxRetries: 0 }),
      /^server error 502 after 0 retries: the server sent an HTML page where JSON was expected \(page title "502 Bad Gateway"\)/,
    );
    expect(error.message).not.toContain('<');

    server.setDefault({ html: '<html><body>Please sign in</body></html>' });
    const ok200 = await failure(
      request({ maxRetries: 0 }),
      /^the server sent an HTML page where JSON was expected; baseURL may point at a web page/,
    );
    expect(ok200.hint).toMatch(/\/v1/);
  });

  it('cuts an answer over the size cap and never uses or repeats it', async () => {
    const huge = JSON.stringify({ ...review, summary: 'x'.repeat(MAX_ANSWER_CHARS + 10) });
    server.setDefault({ content: huge });
    const error = await failure(request(), /over the 262,144-character cap, so it was cut and not used/);
    expect(error.message.length).toBeLessThan(1000);
    // The repair request does not carry the oversized answer back.
    const repair = server.chatRequests()[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.some((m) => m.role === 'assistant')).toBe(false);
  });

  it('keeps credentials and queries of the base URL out of messages', async () => {
    const error = await failure(
      request({ baseURL: `http://user:pw@127.0.0.1:1/v1?key=${KEY}`, maxRetries: 0 }),
      /^could not connect to http:\/\/127\.0\.0\.1:1\/v1: /,
    );
    expect(error.message).not.toMatch(/pw|user|key=/);
    for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) expect(cause.message).not.toMatch(/:pw@/);
  });

  it('never repeats the API key, even when the server echoes it', async () => {
    server.setDefault({ status: 401, error: { message: `Incorrect API key provided: ${KEY}. Bearer ${KEY}`, code: 'invalid_api_key' } });
    const error = await failure(
      request({ apiKeyEnv: 'OPENAI_API_KEY' }),
      /^authentication failed \(401\): Incorrect API key provided: \[redacted\]/,
    );
    expect(error.hint).toBe('check the key in OPENAI_API_KEY');
  });

  it('hints at the model name and base URL on a 404', async () => {
    server.setDefault({ status: 404, error: { message: 'The model `gpt-nope` does not exist', code: 'model_not_found' } });
    const error = await failure(request({ model: 'gpt-nope' }), /^not found \(404\) at .*: The model `gpt-nope` does not exist/);
    expect(error.hint).toMatch(/\/v1/);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
