// What git really hands a hook: a pre-push hook that records its working directory and environment.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TestRepo } from './git-repo.js';

export interface HookEnv {
  cwd: string;
  env: Record<string, string>;
}

/** Installs the recording hook in `repo` (shared by its linked worktrees); call the result after a push. */
export function recordHookEnv(repo: TestRepo): () => HookEnv {
  const out = join(tempDir(), 'hook-env.json');
  const script = `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ cwd: process.cwd(), env: process.env }))`;
  const hook = `#!/bin/sh\n'${process.execPath}' -e "${script.replace(/"/g, '\\"')}"\n`;
  writeFileSync(join(repo.dir, '.git', 'hooks', 'pre-push'), hook, { mode: 0o755 });
  return () => JSON.parse(readFileSync(out, 'utf8')) as HookEnv;
}
