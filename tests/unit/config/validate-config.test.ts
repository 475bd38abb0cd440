import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { DEFAULTS, validateConfig } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';

const FILE = '/repo/.reviewrc.json';

function errorOf(raw: unknown): ConfigError {
  try {
    validateConfig(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('validateConfig: defaults', () => {
  it.each([undefined, null, {}])('%j gives exactly the defaults', (raw) => {
    expect(validateConfig(raw, FILE)).toEqual(DEFAULTS);
  });

  it('returns a fresh copy that callers may change without touching DEFAULTS', () => {
    const config = validateConfig({}, FILE);
    config.include.push('src/**');
    config.context.maxChars = 1;
    expect(DEFAULTS.include).toEqual(['**']);
    expect(DEFAULTS.context.maxChars).toBe(8000);
  });

  it('has the documented defaults', () => {
    expect(DEFAULTS).toMatchObject({
      model: 'gpt-4o-mini',
      baseURL: null,
      apiKeyEnv: 'OPENAI_API_KEY',
      blockOn: 'critical',
      onError: 'allow',
      include: ['**'],
      instructions: '',
      timeoutSeconds: 120,
      maxRetries: 2,
      concurrency: 4,
      maxPromptTokens: null,
      maxPushTokens: 200000,
      maxCommits: 100,
      structuredOutput: 'auto',
      checks: {},
      context: { beads: true, command: null, idPattern: null, timeoutSeconds: 10, maxChars: 8000 },
      cache: { enabled: true, maxAgeDays: 30, maxEntries: 200 },
      interactive: true,
      pricing: {},
      maxCostPerPush: null,
    });
    expect(DEFAULTS.exclude.length).toBeGreaterThan(0);
    expect(DEFAULTS.neverSend.length).toBeGreaterThan(0);
  });
});

// Each row: a file, and the part of the resolved config it must produce.
const GOOD: Array<[string, Record<string, unknown>, Partial<ReviewConfig>]> = [
  ['model', { model: 'llama3.1:8b' }, { model: 'llama3.1:8b' }],
  ['baseURL https', { baseURL: 'https://openrouter.ai/api/v1' }, { baseURL: 'https://openrouter.ai/api/v1' }],
  ['baseURL http', { baseURL: 'http://localhost:11434/v1' }, { baseURL: 'http://localhost:11434/v1' }],
  ['baseURL null', { baseURL: null }, { baseURL: null }],
  ['apiKeyEnv', { apiKeyEnv: 'OPENROUTER_API_KEY' }, { apiKeyEnv: 'OPENROUTER_API_KEY' }],
  ['blockOn', { blockOn: 'important' }, { blockOn: 'important' }],
  ['blockOn never', { blockOn: 'never' }, { blockOn: 'never' }],
  ['onError', { onError: 'block' }, { onError: 'block' }],
  ['include', { include: ['src/**', 'lib/**'] }, { include: ['src/**', 'lib/**'] }],
  ['exclude replaces the defaults', { exclude: ['dist/**'] }, { exclude: ['dist/**'] }],
  ['exclude may be empty', { exclude: [] }, { exclude: [] }],
  ['neverSend', { neverSend: ['secrets/**'] }, { neverSend: ['secrets/**'] }],
  ['instructions', { instructions: 'We use Result types, never throw.' }, { instructions: 'We use Result types, never throw.' }],
  ['timeoutSeconds', { timeoutSeconds: 300 }, { timeoutSeconds: 300 }],
  ['maxRetries 0', { maxRetries: 0 }, { maxRetries: 0 }],
  ['concurrency', { concurrency: 1 }, { concurrency: 1 }],
  ['maxPromptTokens', { maxPromptTokens: 32000 }, { maxPromptTokens: 32000 }],
  ['maxPromptTokens null', { maxPromptTokens: null }, { maxPromptTokens: null }],
  ['maxPushTokens', { maxPushTokens: 50000 }, { maxPushTokens: 50000 }],
  ['maxCommits', { maxCommits: 20 }, { maxCommits: 20 }],
  ['structuredOutput', { structuredOutput: 'json_object' }, { structuredOutput: 'json_object' }],
  ['interactive', { interactive: false }, { interactive: false }],
  ['maxCostPerPush', { maxCostPerPush: 0.5 }, { maxCostPerPush: 0.5 }],
  ['pricing', { pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } }, { pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } }],
  [
    'checks, full form',
    { checks: { secrets: { enabled: true, allow: [{ path: 'fixtures/**', reason: 'test keys' }] } } },
    { checks: { secrets: { enabled: true, allow: [{ path: 'fixtures/**', reason: 'test keys' }] } } },
  ],
  [
    'checks, allow without enabled means enabled',
    { checks: { secrets: { allow: [{ pattern: 'EXAMPLE_[A-Z]+', reason: 'docs' }] } } },
    { checks: { secrets: { enabled: true, allow: [{ pattern: 'EXAMPLE_[A-Z]+', reason: 'docs' }] } } },
  ],
  [
    'checks, boolean shorthand',
    { checks: { 'conflict-markers': false } },
    { checks: { 'conflict-markers': { enabled: false, allow: [] } } },
  ],
  ['cache false shorthand', { cache: false }, { cache: { enabled: false, maxAgeDays: 30, maxEntries: 200 } }],
  ['cache true shorthand', { cache: true }, { cache: { enabled: true, maxAgeDays: 30, maxEntries: 200 } }],
  ['cache partial object', { cache: { maxEntries: 10 } }, { cache: { enabled: true, maxAgeDays: 30, maxEntries: 10 } }],
  [
    'context.command as a string is split on whitespace',
    { context: { command: '  bd   show {id} --json ' } },
    { context: { beads: true, command: ['bd', 'show', '{id}', '--json'], idPattern: null, timeoutSeconds: 10, maxChars: 8000 } },
  ],
  [
    'context.command as argv keeps spaces inside arguments',
    { context: { command: ['tool', 'show issue', '{id}'] } },
    { context: { beads: true, command: ['tool', 'show issue', '{id}'], idPattern: null, timeoutSeconds: 10, maxChars: 8000 } },
  ],
  [
    'context partial',
    { context: { beads: false, idPattern: '[A-Z]+-\\d+', timeoutSeconds: 30, maxChars: 2000 } },
    { context: { beads: false, command: null, idPattern: '[A-Z]+-\\d+', timeoutSeconds: 30, maxChars: 2000 } },
  ],
];

describe('validateConfig: accepted values', () => {
  it.each(GOOD)('%s', (_name, raw, expected) => {
    const config = validateConfig(raw, FILE);
    expect(config).toMatchObject(expected);
    // Keys the file did not set keep their defaults.
    for (const key of Object.keys(DEFAULTS) as Array<keyof ReviewConfig>) {
      if (!(key in raw)) expect(config[key]).toEqual(DEFAULTS[key]);
    }
  });
});

// Each row: a file, the key path the message must name, what it must say was given, what it must say is allowed.
const BAD: Array<[Record<string, unknown>, string, string, string]> = [
  [{ model: '' }, '`model`', '""', 'a model name'],
  [{ model: 42 }, '`model`', '42', 'a model name'],
  [{ baseURL: 'ftp://example.com' }, '`baseURL`', '"ftp://example.com"', 'http:// or https://'],
  [{ baseURL: 'localhost:11434' }, '`baseURL`', '"localhost:11434"', 'http:// or https://'],
  [{ apiKeyEnv: '1KEY' }, '`apiKeyEnv`', '"1KEY"', 'environment variable'],
  [{ apiKeyEnv: 'MY-KEY' }, '`apiKeyEnv`', '"MY-KEY"', 'environment variable'],
  [{ blockOn: 'high' }, '`blockOn`', '"high"', 'one of critical, important, minor, never'],
  [{ onError: 'warn' }, '`onError`', '"warn"', 'one of allow, block'],
  [{ include: [] }, '`include`', 'an empty list', 'a non-empty list of glob strings'],
  [{ include: 'src/**' }, '`include`', '"src/**"', 'list of glob strings'],
  [{ exclude: ['dist/**', ''] }, '`exclude[1]`', '""', 'a non-empty glob string'],
  [{ neverSend: [3] }, '`neverSend[0]`', '3', 'a non-empty glob string'],
  [{ instructions: ['a'] }, '`instructions`', 'a list of 1', 'a string'],
  [{ timeoutSeconds: 0 }, '`timeoutSeconds`', '0', 'a positive integer from 1 to 3600'],
  [{ timeoutSeconds: 1.5 }, '`timeoutSeconds`', '1.5', 'a positive integer'],
  [{ timeoutSeconds: '120' }, '`timeoutSeconds`', '"120"', 'a positive integer'],
  [{ maxRetries: -1 }, '`maxRetries`', '-1', 'an integer from 0 to 10'],
  [{ concurrency: 100 }, '`concurrency`', '100', 'from 1 to 32'],
  [{ maxPromptTokens: 10 }, '`maxPromptTokens`', '10', 'or null'],
  [{ maxPushTokens: null }, '`maxPushTokens`', 'null', 'an integer from 1000'],
  [{ maxCommits: 0 }, '`maxCommits`', '0', 'a positive integer'],
  [{ structuredOutput: 'json' }, '`structuredOutput`', '"json"', 'one of auto, json_schema, json_object, none'],
  [{ checks: [] }, '`checks`', 'an empty list', 'check names'],
  [{ checks: { secrets: 'on' } }, '`checks.secrets`', '"on"', 'true, false, or an object'],
  [{ checks: { secrets: { enabled: 'yes' } } }, '`checks.secrets.enabled`', '"yes"', 'true or false'],
  [{ checks: { secrets: { allow: [{ path: 'a/**' }] } } }, '`checks.secrets.allow[0].reason`', 'missing', 'why this is allowed'],
  [{ checks: { secrets: { allow: [{ reason: 'x' }] } } }, '`checks.secrets.allow[0]`', 'an object', 'at least one of `path`'],
  [
    { checks: { secrets: { allow: [{ pattern: '([a-z', reason: 'x' }] } } },
    '`checks.secrets.allow[0].pattern`',
    '"([a-z"',
    'a valid regular expression',
  ],
  [{ context: { beads: 'yes' } }, '`context.beads`', '"yes"', 'true or false'],
  [{ context: { command: '   ' } }, '`context.command`', '"   "', 'a command as a string'],
  [{ context: { command: [] } }, '`context.command`', 'an empty list', 'argv list'],
  [{ context: { command: 'bd show', idPattern: '[' } }, '`context.idPattern`', '"["', 'a valid regular expression'],
  [{ context: { timeoutSeconds: 0 } }, '`context.timeoutSeconds`', '0', 'from 1 to 600'],
  [{ context: { maxChars: 5 } }, '`context.maxChars`', '5', 'from 100'],
  [{ cache: 'yes' }, '`cache`', '"yes"', 'true, false, or an object'],
  [{ cache: { maxAgeDays: 0 } }, '`cache.maxAgeDays`', '0', 'from 1 to 3650'],
  [{ cache: { maxEntries: 1.5 } }, '`cache.maxEntries`', '1.5', 'a positive integer'],
  [{ interactive: 'no' }, '`interactive`', '"no"', 'true or false'],
  [{ pricing: { 'gpt-4o': { input: -1, output: 1 } } }, '`pricing.gpt-4o.input`', '-1', 'USD per million input tokens'],
  [{ pricing: { 'gpt-4o': 2.5 } }, '`pricing.gpt-4o`', '2.5', '{input, output}'],
  [{ maxCostPerPush: 0 }, '`maxCostPerPush`', '0', 'a positive number of US dollars, or null'],
];

describe('validateConfig: rejected values', () => {
  it.each(BAD)('%j names %s', (raw, key, given, allowed) => {
    const error = errorOf(raw);
    expect(error.file).toBe(FILE);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(`${key} is ${given}`);
    expect(error.message).toContain(allowed);
  });

  it('reports every problem, not only the first', () => {
    const error = errorOf({ blockOn: 'x', onError: 'y' });
    expect(error.message).toContain('`blockOn`');
    expect(error.message).toContain('`onError`');
  });

  it("names a regular expression's own complaint", () => {
    expect(errorOf({ context: { idPattern: '(' } }).message).toMatch(/Invalid regular expression/);
  });

  it('survives a self-referencing object from a .js config', () => {
    const cyclic: Record<string, unknown> = { beads: false };
    cyclic.self = cyclic;
    expect(errorOf({ context: cyclic }).message).toContain('unknown key `context.self`');
  });

  it.each([[['a']], ['model: x'], [42]])('a file that is not an object (%j) is refused', (raw) => {
    expect(errorOf(raw).message).toMatch(/must hold an object of settings/);
  });
});

describe('validateConfig: unknown keys', () => {
  it.each([
    [{ blokOn: 'critical' }, '`blokOn`', 'blockOn'],
    [{ blockon: 'critical' }, '`blockon`', 'blockOn'],
    [{ base_url: 'http://x' }, '`base_url`', 'baseURL'],
    [{ timeout: 10 }, '`timeout`', 'timeoutSeconds'],
    [{ modle: 'x' }, '`modle`', 'model'],
    [{ cache: { maxAge: 3 } }, '`cache.maxAge`', 'maxAgeDays'],
    [{ context: { comand: 'x' } }, '`context.comand`', 'command'],
    [{ checks: { secrets: { enable: true } } }, '`checks.secrets.enable`', 'enabled'],
    [{ checks: { secrets: { allow: [{ reason: 'r', paths: 'x' }] } } }, '`checks.secrets.allow[0].paths`', 'path'],
    [{ pricing: { m: { input: 1, output: 1, cached: 1 } } }, '`pricing.m.cached`', null],
  ])('%j: names %s and suggests %s', (raw, key, suggestion) => {
    const message = errorOf(raw).message;
    expect(message).toContain(`unknown key ${key}`);
    if (suggestion === null) expect(message).not.toContain('did you mean');
    else expect(message).toContain(`did you mean \`${suggestion}\`?`);
  });

  it('suggests nothing for a key unlike any other, but lists the known keys', () => {
    const message = errorOf({ zzzzzzzz: 1 }).message;
    expect(message).not.toContain('did you mean');
    expect(message).toContain('model, baseURL, apiKeyEnv');
  });
});

describe('validateConfig: credentials are refused and never echoed', () => {
  const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

  it.each([
    [{ apiKey: SECRET }, 'apiKey'],
    [{ api_key: SECRET }, 'api_key'],
    [{ openaiApiKey: SECRET }, 'openaiApiKey'],
    [{ OPENAI_API_KEY: SECRET }, 'OPENAI_API_KEY'],
    [{ key: SECRET }, 'key'],
    [{ token: SECRET }, 'token'],
    [{ accessToken: 'abc' }, 'accessToken'],
    [{ context: { token: 'abc' } }, 'context.token'],
    [{ model: SECRET }, 'model'],
    [{ instructions: `use ${SECRET} for tests` }, 'instructions'],
    [{ baseURL: 'https://user:hunter2@proxy.example.com/v1' }, 'baseURL'],
    [
      { checks: { secrets: { allow: [{ pattern: 'ghp_0123456789abcdefghijABCDEFGHIJ012345', reason: 'x' }] } } },
      'checks.secrets.allow[0].pattern',
    ],
    [{ apiKeyEnv: SECRET }, 'apiKeyEnv'],
  ])('%j is refused at `%s`', (raw, where) => {
    const error = errorOf(raw);
    expect(error.message).toContain(`\`${where}\``);
    expect(error.message).toContain('apiKeyEnv');
    expect(error.message).toMatch(/environment variable/);
    const all = `${error.message}\n${error.hint ?? ''}\n${String(error.cause ?? '')}`;
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('ghp_0123456789');
  });

  it('hints to remove and rotate the key', () => {
    expect(errorOf({ apiKey: SECRET }).hint).toMatch(/rotate the key/);
  });

  it('says apiKeyEnv must be a name when it holds the key itself', () => {
    expect(errorOf({ apiKeyEnv: SECRET }).message).toMatch(/NAME of the environment variable/);
  });

  it.each([
    { apiKeyEnv: 'MY_TOKEN' },
    { maxPromptTokens: 4000, maxPushTokens: 100000 },
    { checks: { 'hardcoded-secret': true } },
    { pricing: { 'token-model': { input: 1, output: 1 } } },
    { checks: { secrets: { allow: [{ pattern: 'sk-test-[a-z]+', reason: 'fixtures' }] } } },
    { instructions: 'Flag any sk- or ghp_ prefixed literal.' },
  ])('does not mistake %j for a credential', (raw) => {
    expect(() => validateConfig(raw, FILE)).not.toThrow();
  });
});
