// Repositories with a Beads tracker, as different versions leave them, and a stand-in `bd` program.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { gatherTaskContext, type TaskContextResult } from '../../../src/context/gather-task-context.js';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import type { Changeset } from '../../../src/domain/types.js';
import { tempDir, type TestRepo } from '../../helpers/git-repo.js';

export type Rec = Record<string, unknown>;

/** A JSONL record the way `bd` writes one (timestamps always present). */
export function rec(fields: Rec): Rec {
  return {
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    ...fields,
  };
}

export function jsonl(...records: Rec[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function config(overrides: Partial<ReviewConfig> = {}): ReviewConfig {
  return { ...structuredClone(DEFAULTS as ReviewConfig), ...overrides };
}

export interface GatherOptions {
  base: string;
  issues?: string[];
  branch?: string | null;
  config?: ReviewConfig;
  ref?: string;
  env?: Record<string, string>;
}

/** Runs the real pipeline pieces on base..HEAD: the changeset, then the task context. */
export async function gather(repo: TestRepo, options: GatherOptions): Promise<TaskContextResult & { changeset: Changeset }> {
  const env = options.env ?? repo.env;
  const git = createGit(repo.dir, env);
  const info = await openRepo(git);
  const head = repo.head();
  const commits = repo.git('rev-list', '--reverse', `${options.base}..${head}`).trim().split('\n').filter(Boolean);
  const cfg = options.config ?? config();
  const changeset = await collectChangeset(
    git,
    info,
    [{ ref: options.ref ?? 'refs/heads/feature', base: options.base, head, commits, notes: [] }],
    cfg,
  );
  const result = await gatherTaskContext({
    git,
    repo: info,
    changeset,
    config: cfg,
    issueIds: options.issues ?? [],
    branch: options.branch ?? null,
    env,
    commonDir: info.commonDir,
  });
  return { ...result, changeset };
}

/**
 * A `bd` on PATH that answers `bd show <id> --json` from a table, in the output shape named by
 * $FAKE_BD_SHAPE (array — what bd prints —, object, or envelope), and logs each call.
 */
export function fakeBd(issues: Record<string, Rec>): { dir: string; log: string } {
  const dir = tempDir('fake-bd-');
  const log = join(dir, 'calls.log');
  mkdirSync(dir, { recursive: true });
  const script = `#!/usr/bin/env node
const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), noDaemon: process.env.BEADS_NO_DAEMON ?? null }) + '\\n');
const issues = ${JSON.stringify(issues)};
const [cmd, id, flag] = process.argv.slice(2);
if (process.env.FAKE_BD_SLEEP) { setTimeout(() => {}, Number(process.env.FAKE_BD_SLEEP)); return; }
if (cmd !== 'show' || flag !== '--json' || !issues[id]) { console.error('Error: no issue found matching "' + id + '"'); process.exit(1); }
const shape = process.env.FAKE_BD_SHAPE || 'array';
const out = shape === 'object' ? issues[id] : shape === 'envelope' ? { schema_version: 1, data: [issues[id]] } : [issues[id]];
process.stdout.write(JSON.stringify(out, null, 2) + '\\n');
`;
  writeFileSync(join(dir, 'bd'), script);
  chmodSync(join(dir, 'bd'), 0o755);
  return { dir, log };
}
