// Renders the resolved configuration for `review-hook config [--json]`: every key, its value, and where
// the value came from, so "why is it doing that?" has a one-command answer.
import type { Env } from '../domain/env.js';
import { maskUrlCredentials } from '../llm/describe-error.js';
import type { LoadedConfig, ReviewConfig, ValueOrigin } from './types.js';

/**
 * The configuration as a review uses it: a baseURL the config leaves unset is taken from
 * OPENAI_BASE_URL (AZURE_OPENAI_ENDPOINT for provider azure), so it is shown with that origin rather
 * than as a null default. Pure.
 */
export function withEndpointFromEnv(loaded: LoadedConfig, env: Env): LoadedConfig {
  if (loaded.config.baseURL !== null) return loaded;
  const name = loaded.config.provider === 'azure' ? 'AZURE_OPENAI_ENDPOINT' : 'OPENAI_BASE_URL';
  const value = env[name]?.trim();
  if (!value) return loaded;
  return { ...loaded, config: { ...loaded.config, baseURL: value }, origins: { ...loaded.origins, baseURL: `env:${name}` } };
}

interface Row {
  key: string;
  origin: string;
  /** One or more lines; lists get one line per item so long glob lists stay readable. */
  value: string[];
}

function scalar(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function listLines(items: readonly unknown[]): string[] {
  return items.length === 0 ? ['[]'] : items.map((item) => `- ${scalar(item)}`);
}

function originLabel(origin: ValueOrigin, file: string | null): string {
  // The file is named once in the header; repeating its full path on every line would bury the values.
  return file !== null && origin === `file:${file}` ? 'file' : origin;
}

function rowsFor(key: keyof ReviewConfig, value: ReviewConfig[keyof ReviewConfig], origin: string): Row[] {
  // A baseURL may carry user:password or an api-key query value: show its shape, never those.
  if (key === 'baseURL' && typeof value === 'string') return [{ key, origin, value: [scalar(maskUrlCredentials(value))] }];
  if (Array.isArray(value)) return [{ key, origin, value: listLines(value) }];
  if (value === null || typeof value !== 'object') return [{ key, origin, value: [scalar(value)] }];
  const entries = Object.entries(value);
  if (entries.length === 0) return [{ key, origin, value: ['{}'] }];
  const rows: Row[] = [];
  for (const [subKey, subValue] of entries) {
    if (key === 'checks' && subValue !== null && typeof subValue === 'object') {
      // checks.<name>.enabled / checks.<name>.allow: one level deeper, so allow entries are listed.
      for (const [leaf, leafValue] of Object.entries(subValue as Record<string, unknown>)) {
        const lines = Array.isArray(leafValue) ? listLines(leafValue) : [scalar(leafValue)];
        rows.push({ key: `${key}.${subKey}.${leaf}`, origin, value: lines });
      }
      continue;
    }
    const lines = Array.isArray(subValue) ? listLines(subValue) : [scalar(subValue)];
    rows.push({ key: `${key}.${subKey}`, origin, value: lines });
  }
  return rows;
}

function formatText(loaded: LoadedConfig): string {
  const rows: Row[] = [];
  for (const key of Object.keys(loaded.config) as Array<keyof ReviewConfig>) {
    rows.push(...rowsFor(key, loaded.config[key], originLabel(loaded.origins[key], loaded.file)));
  }
  const keyWidth = Math.max(...rows.map((row) => row.key.length));
  const originWidth = Math.max(...rows.map((row) => row.origin.length));
  const out = [`Configuration file: ${loaded.file ?? 'none (built-in defaults)'}`, ''];
  for (const row of rows) {
    const [first = '', ...rest] = row.value;
    out.push(`${row.key.padEnd(keyWidth)}  ${row.origin.padEnd(originWidth)}  ${first}`.trimEnd());
    for (const line of rest) out.push(`${' '.repeat(keyWidth + originWidth + 4)}${line}`);
  }
  return `${out.join('\n')}\n`;
}

/** `text` is for people (aligned key, origin, value); `json` is `{file, config, origins}`. Pure. */
export function formatConfig(loaded: LoadedConfig, format: 'text' | 'json'): string {
  if (format === 'json') {
    const config =
      typeof loaded.config.baseURL === 'string' ? { ...loaded.config, baseURL: maskUrlCredentials(loaded.config.baseURL) } : loaded.config;
    return `${JSON.stringify({ file: loaded.file, config, origins: loaded.origins }, null, 2)}\n`;
  }
  return formatText(loaded);
}
