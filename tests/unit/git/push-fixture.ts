// Test support: runs a real `git push` whose pre-push hook records what git sends it and then
// refuses the push, so the repository is left exactly as the hook saw it.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TestRepo } from '../../helpers/git-repo.js';

export interface CapturedPush {
  /** Exactly what git wrote on the hook's stdin. */
  stdin: string;
  /** GIT_* variables git exported to the hook. */
  gitEnv: Record<string, string>;
  /** The hook's working directory. */
  cwd: string;
}

/**
 * Installs the recording hook in the repository's common hooks folder (shared by worktrees).
 * `gitOptions` go before `push` (e.g. `-c key=value`).
 */
export function installCaptureHook(repo: TestRepo): {
  capture(args: string[], options?: { cwd?: string; gitOptions?: string[] }): CapturedPush;
} {
  let common = repo.git('rev-parse', '--git-common-dir').trim();
  if (!isAbsolute(common)) common = join(repo.dir, common);
  const out = join(common, 'capture');
  mkdirSync(join(common, 'hooks'), { recursive: true });
  const hook = join(common, 'hooks', 'pre-push');
  writeFileSync(hook, `#!/bin/sh\ncat > "${out}.stdin"\nenv | grep '^GIT_' > "${out}.env"\npwd > "${out}.cwd"\nexit 1\n`);
  chmodSync(hook, 0o755);
  return {
    capture(args, options = {}) {
      for (const ext of ['stdin', 'env', 'cwd']) rmSync(`${out}.${ext}`, { force: true });
      const result = repo.tryGit([...(options.gitOptions ?? []), 'push', ...args], { cwd: options.cwd });
      if (!existsSync(`${out}.stdin`)) {
        throw new Error(`the pre-push hook did not run for git push ${args.join(' ')}: ${result.stderr}`);
      }
      if (result.status === 0) throw new Error('the push went through; the capture hook should refuse it');
      const gitEnv: Record<string, string> = {};
      for (const line of readFileSync(`${out}.env`, 'utf8').split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) gitEnv[line.slice(0, at)] = line.slice(at + 1);
      }
      return { stdin: readFileSync(`${out}.stdin`, 'utf8'), gitEnv, cwd: readFileSync(`${out}.cwd`, 'utf8').trim() };
    },
  };
}
