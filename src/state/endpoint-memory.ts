// Remembers, per endpoint and model, the request shape that last produced an answer (structured
// output mode, output-token parameter, temperature), so a later push does not pay again for a 400
// it has already seen. Kept in <git common dir>/review-hook/endpoints.json. A missing, unreadable
// or corrupt file means nothing is remembered; entries expire so an upgraded server is tried again.
import { isOneOf, STRUCTURED_OUTPUT_MODES } from '../domain/lists.js';
import { statePaths } from './paths.js';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redactUrl } from '../llm/describe-error.js';
import type { RequestShape } from '../llm/request-shape.js';
import { writeAtomically } from '../atomic-write.js';

/** After this long the full request is tried again. */
export const MEMORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Old entries beyond this many are forgotten, so the file stays small. */
const MAX_ENTRIES = 50;

interface Entry extends RequestShape {
  /** ISO time the shape last produced an answer. */
  at: string;
}

interface MemoryFile {
  version: 1;
  endpoints: Record<string, Entry>;
}

/** The key: the endpoint without credentials or query, and the model. Never the API key. */
export function endpointKey(baseURL: string | null, model: string): string {
  return `${redactUrl(baseURL ?? 'https://api.openai.com/v1')} ${model}`;
}

function isShape(value: unknown): value is Entry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.mode !== 'auto' &&
    isOneOf(STRUCTURED_OUTPUT_MODES, v.mode) &&
    (v.tokenParam === 'max_completion_tokens' || v.tokenParam === 'max_tokens' || v.tokenParam === null) &&
    typeof v.temperature === 'boolean' &&
    typeof v.at === 'string'
  );
}

async function readMemory(commonDir: string): Promise<MemoryFile> {
  try {
    const parsed = JSON.parse(await readFile(statePaths(commonDir).endpoints, 'utf8')) as unknown;
    const endpoints = (parsed as { endpoints?: unknown } | null)?.endpoints;
    if (endpoints === null || typeof endpoints !== 'object' || Array.isArray(endpoints)) return { version: 1, endpoints: {} };
    const out: Record<string, Entry> = {};
    for (const [key, value] of Object.entries(endpoints as Record<string, unknown>)) if (isShape(value)) out[key] = value;
    return { version: 1, endpoints: out };
  } catch {
    return { version: 1, endpoints: {} };
  }
}

/** The shape remembered for this endpoint and model, or null (none, expired, or unreadable). */
export async function recallShape(commonDir: string, key: string, now: Date): Promise<RequestShape | null> {
  const entry = (await readMemory(commonDir)).endpoints[key];
  if (!entry) return null;
  const age = now.getTime() - Date.parse(entry.at);
  if (!(age >= 0 && age <= MEMORY_MAX_AGE_MS)) return null;
  return { mode: entry.mode, tokenParam: entry.tokenParam, temperature: entry.temperature };
}

/**
 * Records the shape that worked. Throws when it cannot be written, which the caller turns into a
 * warning: it only costs a 400 next time.
 */
export async function rememberShape(commonDir: string, key: string, shape: RequestShape, now: Date): Promise<void> {
  const memory = await readMemory(commonDir);
  memory.endpoints[key] = { mode: shape.mode, tokenParam: shape.tokenParam, temperature: shape.temperature, at: now.toISOString() };
  const kept = Object.entries(memory.endpoints)
    // Newest first; ISO times sort as plain strings (localeCompare's first call loads ICU's collator, tens of ms).
    .sort((a, b) => (a[1].at < b[1].at ? 1 : a[1].at > b[1].at ? -1 : 0))
    .slice(0, MAX_ENTRIES);
  const path = statePaths(commonDir).endpoints;
  await mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, `${JSON.stringify({ version: 1, endpoints: Object.fromEntries(kept) }, null, 2)}\n`);
}
