// Turns schema issues into sentences a person can act on: the key path, what was given, what is allowed.
import type * as z from 'zod';
import { formatPath, looksLikeSecret } from './refuse-secrets.js';
import { suggestKey } from './suggest-key.js';

const MISSING = Symbol('missing');

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return MISSING;
    const record = current as Record<PropertyKey, unknown>;
    if (!Object.hasOwn(record, segment)) return MISSING;
    current = record[segment];
  }
  return current;
}

/** A short, safe rendering of a given value; never prints anything credential-shaped. */
export function describeValue(value: unknown): string {
  if (value === MISSING || value === undefined) return 'missing';
  if (typeof value === 'string') {
    if (looksLikeSecret(value)) return 'a value that looks like a secret (not shown)';
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}..."` : json;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** `checks.secrets.allow[0].reason` -> `checks.*.allow[].reason`: record keys under checks/pricing are names. */
export function pathPattern(path: readonly PropertyKey[]): string {
  let out = '';
  path.forEach((segment, index) => {
    if (typeof segment === 'number') out += '[]';
    else if (index === 1 && (path[0] === 'checks' || path[0] === 'pricing')) out += '.*';
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  });
  return out;
}

export interface KeyTables {
  /** What each path pattern accepts, in words. */
  allowed: Readonly<Record<string, string>>;
  /** The keys an object at each path pattern accepts. */
  knownKeys: Readonly<Record<string, readonly string[]>>;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, expanded: unknown, tables: KeyTables): string {
  const where = formatPath(issue.path as (string | number)[]);
  if (issue.code === 'unrecognized_keys') {
    const known = tables.knownKeys[pathPattern(issue.path)] ?? [];
    return issue.keys
      .map((key) => {
        const full = formatPath([...(issue.path as (string | number)[]), key]);
        const suggestion = suggestKey(key, known);
        const hint = suggestion === null ? '' : ` (did you mean \`${suggestion}\`?)`;
        return `unknown key \`${full}\`${hint}; allowed keys${issue.path.length === 0 ? '' : ` in \`${where}\``}: ${known.join(', ')}`;
      })
      .join('\n  - ');
  }
  // Prefer the value as the person wrote it (before shorthands were expanded).
  let given = valueAt(raw, issue.path);
  if (given === MISSING) given = valueAt(expanded, issue.path);
  const allowed = tables.allowed[pathPattern(issue.path)] ?? issue.message;
  const detail = issue.code === 'custom' && !allowed.includes(issue.message) ? ` (${issue.message})` : '';
  return `\`${where}\` is ${describeValue(given)}${detail}; allowed: ${allowed}`;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, expanded: unknown, tables: KeyTables): string[] {
  return issues.map((issue) => describeIssue(issue, raw, expanded, tables));
}
