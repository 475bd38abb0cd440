// The configuration file's schema, the defaults, and the one pure function that turns a parsed file into
// a complete ReviewConfig (or a ConfigError that names the file, the key, what was given and what is allowed).
import * as z from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_NEVER_SEND } from '../git/default-globs.js';
import { DEFAULT_MAX_COMMITS, DEFAULT_MAX_PUSH_TOKENS } from '../git/size-limits.js';
import { BLOCK_LEVELS, ON_ERROR, STRUCTURED_OUTPUT_MODES, VERIFY_MODES } from '../domain/lists.js';
import { DEFAULT_AZURE_API_VERSION, PRESETS, PROVIDERS } from '../providers/presets.js';
import { describeIssues } from './describe-issues.js';
import { refuseSecrets } from './refuse-secrets.js';
import type { CheckSettings, ReviewConfig } from './types.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULTS: Readonly<ReviewConfig> = deepFreeze<ReviewConfig>({
  provider: 'openai',
  model: 'gpt-4o-mini',
  baseURL: null,
  apiKeyEnv: 'OPENAI_API_KEY',
  blockOn: 'critical',
  onError: 'allow',
  include: [...DEFAULT_INCLUDE],
  exclude: [...DEFAULT_EXCLUDE],
  neverSend: [...DEFAULT_NEVER_SEND],
  instructions: '',
  timeoutSeconds: 120,
  maxRetries: 2,
  concurrency: 4,
  maxPromptTokens: null,
  maxPushTokens: DEFAULT_MAX_PUSH_TOKENS,
  maxCommits: DEFAULT_MAX_COMMITS,
  structuredOutput: 'auto',
  checks: {},
  context: { beads: true, command: null, idPattern: null, timeoutSeconds: 10, maxChars: 8000 },
  cache: { enabled: true, maxAgeDays: 30, maxEntries: 200 },
  interactive: true,
  pricing: {},
  maxCostPerPush: null,
  azure: { deployment: null, apiVersion: DEFAULT_AZURE_API_VERSION },
  openrouter: { siteUrl: null, appName: null },
  verify: 'blocking',
});

// ---- building blocks -------------------------------------------------------------------------------

const nonBlank = z.string().refine((s) => s.trim() !== '', 'must not be empty');
const trimmed = z.string().refine((s) => s.trim() !== '' && s.trim() === s, 'must not be empty or have surrounding spaces');
const glob = nonBlank;
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const regexSource = z.string().superRefine((source, ctx) => {
  if (source.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'must not be empty' });
    return;
  }
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'not an http(s) URL');

export const AllowEntrySchema = z
  .strictObject({ path: glob.optional(), pattern: regexSource.optional(), reason: nonBlank })
  .refine((entry) => entry.path !== undefined || entry.pattern !== undefined, {
    message: 'needs `path`, `pattern` or both',
  });

export const CheckSchema = z.strictObject({ enabled: z.boolean(), allow: z.array(AllowEntrySchema) }).partial();

export const ContextSchema = z
  .strictObject({
    beads: z.boolean(),
    command: z.array(nonBlank).min(1).nullable(),
    idPattern: regexSource.nullable(),
    timeoutSeconds: int(1, 600),
    maxChars: int(100, 1_000_000),
  })
  .partial();

export const CacheSchema = z.strictObject({ enabled: z.boolean(), maxAgeDays: int(1, 3650), maxEntries: int(1, 100_000) }).partial();

export const PriceSchema = z.strictObject({ input: z.number().min(0).max(10_000), output: z.number().min(0).max(10_000) });

export const AzureSchema = z
  .strictObject({
    deployment: trimmed.nullable(),
    apiVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/),
  })
  .partial();

export const OpenRouterSchema = z.strictObject({ siteUrl: httpUrl.nullable(), appName: trimmed.nullable() }).partial();

/** The configuration FILE: every key optional, unknown keys are errors. Shorthands are expanded before this runs. */
export const ConfigFileSchema = z
  .strictObject({
    // Names the JSON Schema for editors; it configures nothing.
    $schema: z.string(),
    provider: z.enum(PROVIDERS),
    model: trimmed,
    baseURL: httpUrl.nullable(),
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    blockOn: z.enum(BLOCK_LEVELS),
    onError: z.enum(ON_ERROR),
    include: z.array(glob).min(1),
    exclude: z.array(glob),
    neverSend: z.array(glob),
    instructions: z.string().max(20_000),
    timeoutSeconds: int(1, 3600),
    maxRetries: int(0, 10),
    concurrency: int(1, 32),
    maxPromptTokens: int(1000, 10_000_000).nullable(),
    maxPushTokens: int(1000, 100_000_000),
    maxCommits: int(1, 100_000),
    structuredOutput: z.enum(STRUCTURED_OUTPUT_MODES),
    checks: z.record(z.string(), CheckSchema),
    context: ContextSchema,
    cache: CacheSchema,
    interactive: z.boolean(),
    pricing: z.record(z.string(), PriceSchema),
    maxCostPerPush: z.number().gt(0).max(10_000).nullable(),
    azure: AzureSchema,
    openrouter: OpenRouterSchema,
    verify: z.enum(VERIFY_MODES),
  })
  .partial();

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** What each key accepts, in words, keyed by path pattern (`[]` for any index, `*` for any name). */
export const ALLOWED: Readonly<Record<string, string>> = {
  '': 'an object of settings (see .reviewrc.example)',
  $schema: 'the path or URL of the JSON Schema for editors, e.g. "./node_modules/review-hook/reviewrc.schema.json"',
  provider: `one of ${PROVIDERS.join(', ')}`,
  model: 'a model name such as "gpt-4o-mini" (no surrounding spaces)',
  baseURL: 'an http:// or https:// URL such as "http://localhost:11434/v1", or null for the OpenAI default',
  apiKeyEnv: 'the NAME of an environment variable (letters, digits and _, not starting with a digit), e.g. "OPENAI_API_KEY"',
  blockOn: 'one of critical, important, minor, never',
  onError: 'one of allow, block',
  include: 'a non-empty list of glob strings',
  'include[]': 'a non-empty glob string',
  exclude: 'a list of glob strings',
  'exclude[]': 'a non-empty glob string',
  neverSend: 'a list of glob strings',
  'neverSend[]': 'a non-empty glob string',
  instructions: 'a string of at most 20000 characters',
  timeoutSeconds: 'a positive integer from 1 to 3600 (seconds)',
  maxRetries: 'an integer from 0 to 10',
  concurrency: 'a positive integer from 1 to 32',
  maxPromptTokens: 'an integer from 1000 to 10000000, or null to derive it from the model',
  maxPushTokens: 'an integer from 1000 to 100000000',
  maxCommits: 'a positive integer from 1 to 100000',
  structuredOutput: 'one of auto, json_schema, json_object, none',
  checks: 'an object mapping check names to true, false or {enabled, allow}',
  'checks.*': 'true, false, or an object with `enabled` (true/false) and `allow` (a list)',
  'checks.*.enabled': 'true or false',
  'checks.*.allow': 'a list of {path, pattern, reason} entries',
  'checks.*.allow[]': 'an object with `reason` and at least one of `path` (a glob) and `pattern` (a regular expression)',
  'checks.*.allow[].path': 'a non-empty glob string',
  'checks.*.allow[].pattern': 'a valid regular expression',
  'checks.*.allow[].reason': 'a non-empty string saying why this is allowed',
  context: 'an object with beads, command, idPattern, timeoutSeconds, maxChars',
  'context.beads': 'true or false',
  'context.command': 'a command as a string ("tool show {id}") or an argv list (["tool", "show", "{id}"]), or null',
  'context.command[]': 'a non-empty string',
  'context.idPattern': 'a valid regular expression, or null',
  'context.timeoutSeconds': 'a positive integer from 1 to 600 (seconds)',
  'context.maxChars': 'an integer from 100 to 1000000',
  cache: 'true, false, or an object with enabled, maxAgeDays, maxEntries',
  'cache.enabled': 'true or false',
  'cache.maxAgeDays': 'a positive integer from 1 to 3650',
  'cache.maxEntries': 'a positive integer from 1 to 100000',
  interactive: 'true or false',
  pricing: 'an object mapping model names to {input, output} (USD per million tokens)',
  'pricing.*': 'an object {input, output} with USD per million tokens',
  'pricing.*.input': 'a number from 0 to 10000 (USD per million input tokens)',
  'pricing.*.output': 'a number from 0 to 10000 (USD per million output tokens)',
  maxCostPerPush: 'a positive number of US dollars, or null for no limit',
  azure: 'an object with deployment and apiVersion (for provider: azure)',
  'azure.deployment': 'the Azure OpenAI deployment name, or null to use `model` as the deployment',
  'azure.apiVersion': 'an Azure OpenAI API version such as "2024-10-21" or "2025-01-01-preview"',
  openrouter: 'an object with siteUrl and appName (for provider: openrouter)',
  'openrouter.siteUrl': 'an http(s) URL sent as HTTP-Referer, or null',
  'openrouter.appName': 'a name sent as X-Title, or null',
  verify: 'one of blocking (confirm each finding that would block with a second request), off',
};

/** The keys an object at this path pattern accepts, for "did you mean" hints. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(ConfigFileSchema.shape),
  context: Object.keys(ContextSchema.shape),
  cache: Object.keys(CacheSchema.shape),
  'checks.*': Object.keys(CheckSchema.shape),
  'checks.*.allow[]': ['path', 'pattern', 'reason'],
  'pricing.*': Object.keys(PriceSchema.shape),
  azure: Object.keys(AzureSchema.shape),
  openrouter: Object.keys(OpenRouterSchema.shape),
};

const EXAMPLE_HINT = '.reviewrc.example (shipped with review-hook) documents every key, its default and what it accepts.';

// ---- shorthands and merging ------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Expands `cache: bool`, `checks.<name>: bool` and `context.command: "a b c"` into their long forms. */
function expandShorthands(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  if (typeof out.cache === 'boolean') out.cache = { enabled: out.cache };
  if (isPlainObject(out.checks)) {
    out.checks = Object.fromEntries(
      Object.entries(out.checks).map(([name, value]) => [name, typeof value === 'boolean' ? { enabled: value } : value]),
    );
  }
  if (isPlainObject(out.context) && typeof out.context.command === 'string') {
    out.context = { ...out.context, command: out.context.command.split(/\s+/).filter((part) => part !== '') };
  }
  return out;
}

function mergeWithDefaults(file: ConfigFile): ReviewConfig {
  const base = structuredClone(DEFAULTS) as ReviewConfig;
  const checks: Record<string, CheckSettings> = {};
  for (const [name, check] of Object.entries(file.checks ?? {})) {
    // Mentioning a check (e.g. to give it an allow list) means it should run unless `enabled: false` says otherwise.
    checks[name] = {
      enabled: check.enabled ?? true,
      allow: (check.allow ?? []).map((entry) => {
        const allow: Partial<CheckSettings['allow'][number]> = {};
        if (entry.path !== undefined) allow.path = entry.path;
        if (entry.pattern !== undefined) allow.pattern = entry.pattern;
        return { ...allow, reason: entry.reason };
      }),
    };
  }
  const { $schema: _schema, ...settings } = file;
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as ConfigFile;
  const dropUndefined = <T extends object>(value: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...base,
    ...defined,
    checks,
    context: { ...base.context, ...dropUndefined(file.context) },
    cache: { ...base.cache, ...dropUndefined(file.cache) },
    pricing: { ...(file.pricing ?? {}) },
    azure: { ...base.azure, ...dropUndefined(file.azure) },
    openrouter: { ...base.openrouter, ...dropUndefined(file.openrouter) },
    // A provider brings its own key variable (AZURE_OPENAI_API_KEY, OPENROUTER_API_KEY) unless one is named.
    apiKeyEnv: file.apiKeyEnv ?? PRESETS[file.provider ?? base.provider].keyEnv,
  } as ReviewConfig;
}

/** The top-level keys a raw configuration actually sets (for recording where each value came from). */
export function keysSetBy(raw: unknown): Array<keyof ReviewConfig> {
  if (!isPlainObject(raw)) return [];
  return Object.keys(raw).filter((key): key is keyof ReviewConfig => raw[key] !== undefined && Object.hasOwn(DEFAULTS, key));
}

/**
 * Validates a parsed configuration file and completes it with the defaults. Pure.
 * `raw` null or undefined (an empty file) gives the defaults. Throws ConfigError.
 */
export function validateConfig(raw: unknown, file: string): ReviewConfig {
  if (raw === undefined || raw === null) return structuredClone(DEFAULTS) as ReviewConfig;
  refuseSecrets(raw, file);
  if (!isPlainObject(raw)) {
    const given = Array.isArray(raw) ? 'a list' : typeof raw === 'string' ? 'a plain string' : String(raw);
    throw new ConfigError(
      `Invalid configuration in ${file}: the file must hold an object of settings (key: value pairs), but it holds ${given}.`,
      file,
      { hint: EXAMPLE_HINT },
    );
  }
  const expanded = expandShorthands(raw);
  const result = ConfigFileSchema.safeParse(expanded);
  if (!result.success) {
    const lines = describeIssues(result.error.issues, raw, expanded, { allowed: ALLOWED, knownKeys: KNOWN_KEYS });
    throw new ConfigError(`Invalid configuration in ${file}:\n${lines.map((line) => `  - ${line}`).join('\n')}`, file, {
      cause: result.error,
      hint: EXAMPLE_HINT,
    });
  }
  return mergeWithDefaults(result.data);
}
