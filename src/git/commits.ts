// Commit metadata, trailers and config values: the small reads the review and the overrides need.
import { GitError } from '../errors.js';
import type { CommitInfo } from '../domain/types.js';
import type { Git } from './exec-git.js';

/** Oids per git call: keeps argv well under any platform limit even for thousands of commits. */
const CHUNK = 500;
const OID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
// Unit separator between fields; the body goes last so a stray separator in it cannot shift fields.
const FORMAT = '--format=%H%x1f%an <%ae>%x1f%s%x1f%b';

/** Reads subject, body and author of each commit, in the order given (duplicates dropped). */
export async function readCommits(git: Git, oids: string[]): Promise<CommitInfo[]> {
  const unique = [...new Set(oids)];
  for (const oid of unique) {
    if (!OID.test(oid)) throw new TypeError(`readCommits expects full oids, got "${oid}"`);
  }
  const byOid = new Map<string, CommitInfo>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    // -z ends each record with NUL; signatures and colour from user config would corrupt the records.
    const out = await git.run(['-c', 'log.showSignature=false', 'log', '--no-walk=unsorted', '--no-color', '-z', FORMAT, ...chunk, '--']);
    for (const record of out.split('\0')) {
      const fields = splitFields(record, 4);
      if (!fields) continue;
      const [oid, author, subject, body] = fields as [string, string, string, string];
      byOid.set(oid.trim(), { oid: oid.trim(), author, subject, body: body.replace(/\s+$/, '') });
    }
  }
  return unique.flatMap((oid) => {
    const info = byOid.get(oid);
    return info ? [info] : [];
  });
}

function splitFields(record: string, count: number): string[] | null {
  const fields: string[] = [];
  let rest = record;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf('\x1f');
    if (at < 0) return null;
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  fields.push(rest);
  return fields;
}

/**
 * The value of a trailer (`Review-Override: <reason>`) on one commit, or null. With several, the
 * first one counts.
 */
export async function readTrailer(git: Git, oid: string, key: string): Promise<string | null> {
  // The key lands inside a format placeholder, where `,` or `)` would change its meaning.
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) throw new TypeError(`invalid trailer key "${key}"`);
  if (!OID.test(oid)) throw new TypeError(`readTrailer expects a full oid, got "${oid}"`);
  const out = await git.run([
    '-c',
    'log.showSignature=false',
    'log',
    '--no-walk',
    '--no-color',
    `--format=%(trailers:key=${key},valueonly,unfold)`,
    oid,
    '--',
  ]);
  const value = out
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return value ?? null;
}

/**
 * One config value, or null when unset. Includes `git -c key=value push`, which reaches the hook
 * through GIT_CONFIG_PARAMETERS. With several values the last one wins, as git itself does.
 */
export async function readConfigValue(git: Git, key: string): Promise<string | null> {
  const args = ['config', '--get', key];
  const result = await git.tryRun(args);
  // Exit 1 is "not set"; anything else (bad key, unreadable file) is worth knowing about.
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) {
    throw new GitError(`could not read git config ${key}: ${result.stderr || `exit ${result.exitCode}`}`, args);
  }
  return result.stdout.replace(/\r?\n$/, '');
}

/** A config value with the scope git read it from: `command` (git -c, GIT_CONFIG_PARAMETERS/COUNT), `local`, `global`… */
export interface ScopedValue {
  scope: string;
  value: string;
}

/** Every value of a key with its scope, in the order git reads them (the last one wins). */
export async function readConfigScoped(git: Git, key: string): Promise<ScopedValue[]> {
  const args = ['config', '--show-scope', '-z', '--get-all', key];
  const result = await git.tryRun(args);
  if (result.exitCode === 1) return [];
  if (result.exitCode !== 0) {
    throw new GitError(`could not read git config ${key}: ${result.stderr || `exit ${result.exitCode}`}`, args);
  }
  // -z: "scope NUL value NUL" per entry.
  const parts = result.stdout.split('\0');
  const out: ScopedValue[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ scope: parts[i] ?? '', value: parts[i + 1] ?? '' });
  return out;
}

/** The committer time of one commit, in seconds since the epoch. */
export async function readCommitTime(git: Git, oid: string): Promise<number> {
  if (!OID.test(oid)) throw new TypeError(`readCommitTime expects a full oid, got "${oid}"`);
  const out = await git.run(['log', '--no-walk', '--no-color', '--format=%ct', oid, '--']);
  return Number.parseInt(out.trim(), 10);
}
