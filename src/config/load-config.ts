// Finds, reads and validates the configuration, then applies the environment and command-line flags.
// Precedence, lowest to highest: defaults < file < env (REVIEW_HOOK_MODEL) < flags.
import type { Env } from '../domain/env.js';
import { BLOCK_LEVELS } from '../domain/lists.js';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ConfigError, UsageError } from '../errors.js';
import { DEFAULTS, keysSetBy, validateConfig } from './schema.js';
import { MODULE_NAME, SEARCH_PLACES } from './search-places.js';
import { checkConfigFile, checkSearchPlaces } from './config-size.js';
import type { LoadedConfig, ReviewConfig, ValueOrigin } from './types.js';

export interface LoadConfigOptions {
  repoRoot: string;
  /** From `--config`; when absent, REVIEW_HOOK_CONFIG in `env` is used. Relative paths are taken from repoRoot. */
  explicitPath?: string | null;
  env: Env;
  flags?: Partial<Pick<ReviewConfig, 'blockOn' | 'model' | 'onError'>>;
  /** The node binary that runs a JavaScript config in isolation (see load-js-config.ts). */
  nodePath?: string;
  /** Time limit for loading a JavaScript config; defaults to JS_CONFIG_TIMEOUT_MS. */
  jsTimeoutMs?: number;
}

const FLAG_NAMES = { blockOn: '--block-on', model: '--model', onError: '--on-error' } as const;

interface FoundFile {
  filepath: string;
  config: unknown;
}

/** Builds a one-line reason from a parser error without the code frame, which would echo file contents. */
async function parserReason(error: unknown, filepath: string): Promise<string> {
  // The parser colours its code frame when it thinks a terminal is watching (CI=true is enough).
  const message = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  const lines = message
    .replace(/^(JSON|YAML) Error in [^\n]*?:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(>|\||\d+ \||-*\^)/.test(line));
  let reason = (lines[0] ?? message).replace(/ while parsing .*$/, '');
  const position = /at position (\d+)/.exec(reason);
  if (position) {
    try {
      const before = (await readFile(filepath, 'utf8')).slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      reason += ` (line ${line}, column ${column})`;
    } catch {
      // The position alone will do.
    }
  }
  return reason;
}

async function wrapLoadError(error: unknown, filepath: string, source: string | null): Promise<ConfigError> {
  if (error instanceof ConfigError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return new ConfigError(`Configuration file not found: ${filepath}`, filepath, {
      cause: error,
      hint: source === null ? undefined : `Check the path given by ${source}.`,
    });
  }
  if (code === 'EISDIR') {
    return new ConfigError(`Configuration path is a directory, not a file: ${filepath}`, filepath, { cause: error });
  }
  const reason = await parserReason(error, filepath);
  return new ConfigError(`Could not read configuration file ${filepath}: ${reason}`, filepath, {
    cause: error,
    hint: 'Fix the file, or see .reviewrc.example for the format.',
  });
}

type Loader = (filepath: string, content: string) => Promise<unknown> | unknown;

/** Loaders: data files with a UTF-8 BOM (Windows editors add one) parse; code runs in a child. */
function loaders(defaults: Record<string, Loader>, options: LoadConfigOptions, root: string): Record<string, Loader> {
  const out: Record<string, Loader> = {};
  for (const ext of ['.json', '.yaml', '.yml', 'noExt']) {
    const load = defaults[ext];
    if (load) out[ext] = (filepath, content) => load(filepath, content.replace(/^\uFEFF/, ''));
  }
  for (const ext of ['.js', '.cjs', '.mjs', '.ts']) {
    out[ext] = async (filepath) => {
      const { loadJsConfigIsolated } = await import('./load-js-config.js');
      return loadJsConfigIsolated(filepath, ext, {
        cwd: root,
        env: options.env,
        ...(options.nodePath === undefined ? {} : { nodePath: options.nodePath }),
        ...(options.jsTimeoutMs === undefined ? {} : { timeoutMs: options.jsTimeoutMs }),
      });
    };
  }
  return out;
}

async function findFile(
  repoRoot: string,
  explicit: { path: string; source: string } | null,
  options: LoadConfigOptions,
): Promise<FoundFile | null> {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  const explorer = cosmiconfig(MODULE_NAME, {
    loaders: loaders(defaultLoaders as unknown as Record<string, Loader>, options, repoRoot),
    // Only the repository root: a config above the repository belongs to someone else.
    searchStrategy: 'none',
    searchPlaces: [...SEARCH_PLACES],
    // An empty file is still the file in use; report it rather than silently looking further.
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
  if (explicit !== null) {
    await checkConfigFile(explicit.path, explicit.source);
    let result: Awaited<ReturnType<typeof explorer.load>>;
    try {
      result = await explorer.load(explicit.path);
    } catch (error) {
      throw await wrapLoadError(error, explicit.path, explicit.source);
    }
    // load() of a package.json without a `review` key gives null: the file is there but holds no settings.
    return { filepath: result?.filepath ?? explicit.path, config: result?.config };
  }
  await checkSearchPlaces(repoRoot);
  try {
    const result = await explorer.search(repoRoot);
    return result === null ? null : { filepath: result.filepath, config: result.config };
  } catch (error) {
    const filepath = (error as { filepath?: unknown } | null)?.filepath;
    throw await wrapLoadError(error, typeof filepath === 'string' ? filepath : repoRoot, null);
  }
}

function explicitFrom(options: LoadConfigOptions, root: string): { path: string; source: string } | null {
  const flag = options.explicitPath?.trim();
  const env = options.env.REVIEW_HOOK_CONFIG?.trim();
  if (flag) {
    // Callers often pass `--config ?? REVIEW_HOOK_CONFIG`; name both when the value could be either.
    const source = flag === env ? '--config or REVIEW_HOOK_CONFIG' : '--config';
    return { path: isAbsolute(flag) ? flag : resolve(root, flag), source };
  }
  if (env) return { path: isAbsolute(env) ? env : resolve(root, env), source: 'REVIEW_HOOK_CONFIG' };
  return null;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const root = resolve(options.repoRoot);
  const found = await findFile(root, explicitFrom(options, root), options);

  const config = found === null ? validateConfig(undefined, '(defaults)') : validateConfig(found.config, found.filepath);
  const origins = Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, 'default' as ValueOrigin])) as Record<
    keyof ReviewConfig,
    ValueOrigin
  >;
  if (found !== null) {
    for (const key of keysSetBy(found.config)) origins[key] = `file:${found.filepath}`;
  }

  const envModel = options.env.REVIEW_HOOK_MODEL?.trim();
  if (envModel) {
    config.model = envModel;
    origins.model = 'env:REVIEW_HOOK_MODEL';
  }

  const flags = options.flags ?? {};
  if (flags.model !== undefined) {
    const model = flags.model.trim();
    if (model === '') throw new UsageError('--model needs a model name');
    config.model = model;
    origins.model = `flag:${FLAG_NAMES.model}`;
  }
  if (flags.blockOn !== undefined) {
    if (!BLOCK_LEVELS.includes(flags.blockOn)) {
      throw new UsageError(`--block-on is "${flags.blockOn}"; allowed: ${BLOCK_LEVELS.join(', ')}`);
    }
    config.blockOn = flags.blockOn;
    origins.blockOn = `flag:${FLAG_NAMES.blockOn}`;
  }
  if (flags.onError !== undefined) {
    if (flags.onError !== 'allow' && flags.onError !== 'block') {
      throw new UsageError(`--on-error is "${String(flags.onError)}"; allowed: allow, block`);
    }
    config.onError = flags.onError;
    origins.onError = `flag:${FLAG_NAMES.onError}`;
  }

  return { config, file: found?.filepath ?? null, origins };
}
