// `review-hook doctor`: everything a working setup needs, in the order a newcomer meets it — node
// and git, the hook installed and actually run by git, the config, the key (never shown), the
// endpoint, the model, the output format it accepts, the context window — each failure with the
// command that fixes it.
import { constants, existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewConfig } from '../config/types.js';
import type { Env } from '../domain/env.js';
import { type SetupGit, setupGitError } from '../git/setup-git.js';
import { locateRepo } from '../git/setup-repo.js';
import { commandsAboveBlock } from './block-first.js';
import type { DoctorResult, DoctorStatus } from './doctor-result.js';

export interface DoctorInput {
  /** The setup git layer, bound to the current directory and environment. */
  git: SetupGit;
  env: Env;
  explicitConfig: string | null;
  /** How long the endpoint may take to answer. */
  endpointTimeoutMs: number;
  /** The running node's version (process.versions.node), from the entry file. */
  nodeVersion: string;
}

/** The oldest node the package supports (package.json engines). */
const MIN_NODE = [20, 19] as const;

export async function runDoctor(input: DoctorInput): Promise<DoctorResult[]> {
  const results: DoctorResult[] = [checkNode(input.nodeVersion)];
  const git = await checkGit(input.git);
  results.push(git);
  if (git.status === 'fail') return results;

  let repoRoot: string;
  let repo: Awaited<ReturnType<typeof locateRepo>>;
  try {
    repo = await locateRepo(input.git);
    if (repo.kind === 'none') {
      results.push({
        name: 'repository',
        status: 'fail',
        detail: `${input.git.cwd} is not inside a git repository`,
        fix: 'Run this inside a git repository.',
      });
      return results;
    }
    repoRoot = repo.kind === 'work-tree' ? repo.toplevel : input.git.cwd;
    const detail =
      repo.kind === 'work-tree'
        ? `${repoRoot} (git dir ${repo.commonDir})`
        : `${repo.gitDir} (${repo.kind === 'bare' ? 'a bare repository' : 'its git dir'}: no work tree)`;
    results.push({ name: 'repository', status: 'ok', detail });
  } catch (error) {
    results.push({
      name: 'repository',
      status: 'fail',
      detail: (error as Error).message,
      fix: (error as { hint?: string }).hint ?? 'Run this inside a git repository.',
    });
    return results;
  }

  await checkHook(input.git, repo, results);
  const config = await checkConfig(repoRoot, input, results);
  if (config) {
    const endpoint = await checkCredentials(config, input.env, results);
    if (endpoint) {
      const { checkModel } = await import('./check-endpoint.js');
      await checkModel(config, endpoint, input.endpointTimeoutMs, results);
    }
  }
  return results;
}

/** simple-git's version(): installed is false when git is not on PATH. */
async function checkGit(setup: SetupGit): Promise<DoctorResult> {
  const fix = 'Install git and make sure it is on PATH.';
  try {
    const version = await setup.git.version();
    if (!version.installed) return { name: 'git', status: 'fail', detail: 'git is not installed or not on PATH', fix };
    return { name: 'git', status: 'ok', detail: `git version ${String(version)}${version.agent ? ` (${version.agent})` : ''}` };
  } catch (error) {
    const failure = setupGitError('git --version', error);
    return { name: 'git', status: 'fail', detail: failure.message, fix: failure.hint ?? fix };
  }
}

export function checkNode(version: string): DoctorResult {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { name: 'node', status: 'ok', detail: `v${version}` }
    : {
        name: 'node',
        status: 'fail',
        detail: `v${version}; review-hook needs ${MIN_NODE.join('.')} or later`,
        fix: 'Install a newer node, e.g. nvm install 20 && nvm use 20',
      };
}

async function checkConfig(repoRoot: string, input: DoctorInput, results: DoctorResult[]): Promise<ReviewConfig | null> {
  const { loadConfig } = await import('../config/load-config.js');
  try {
    const loaded = await loadConfig({ repoRoot, explicitPath: input.explicitConfig, env: input.env });
    const provider = loaded.config.provider === 'openai' ? '' : `; provider ${loaded.config.provider}`;
    results.push({
      name: 'config',
      status: 'ok',
      detail: `${loaded.file ?? 'no config file; defaults apply'}${provider}; model ${loaded.config.model}`,
    });
    return loaded.config;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    results.push({
      name: 'config',
      status: 'fail',
      detail: (error as Error).message,
      fix: hint ?? 'Fix the file named above; `review-hook config` shows what is allowed.',
    });
    return null;
  }
}

async function checkCredentials(config: ReviewConfig, env: Env, results: DoctorResult[]) {
  const { missingKey, resolveEndpoint } = await import('../providers/resolve-endpoint.js');
  const endpoint = resolveEndpoint(config, env);
  if (endpoint.problem !== null) {
    results.push({
      name: 'credentials',
      status: 'fail',
      detail: endpoint.problem,
      fix: 'Set the value named above in the config or the environment.',
    });
    return null;
  }
  if (endpoint.apiKey) {
    // Say that the key is there, never what it is.
    results.push({ name: 'credentials', status: 'ok', detail: `${config.apiKeyEnv} is set` });
  } else if (missingKey(endpoint, config.apiKeyEnv) === null) {
    results.push({ name: 'credentials', status: 'ok', detail: `no ${config.apiKeyEnv}; fine for this endpoint, which needs no key` });
  } else {
    results.push({
      name: 'credentials',
      status: 'warn',
      detail: `${config.apiKeyEnv} is not set: pushes get the deterministic checks only`,
      fix: `export ${config.apiKeyEnv}=…${config.provider === 'openai' ? '  (or set baseURL / OPENAI_BASE_URL to a local server such as Ollama)' : ''}`,
    });
    return null;
  }
  return endpoint;
}

async function checkHook(git: SetupGit, repo: Awaited<ReturnType<typeof locateRepo>>, results: DoctorResult[]): Promise<void> {
  const [{ findHookTarget }, { findBlock }] = await Promise.all([
    import('../install/find-hook-target.js'),
    import('../install/hook-script.js'),
  ]);
  let target: Awaited<ReturnType<typeof findHookTarget>>;
  try {
    target = await findHookTarget(git, repo);
  } catch (error) {
    results.push({
      name: 'hook',
      status: 'fail',
      detail: (error as Error).message,
      fix: (error as { hint?: string }).hint ?? 'See the message above.',
    });
    return;
  }
  const text = await readFile(target.file, 'utf8').catch(() => null);
  const found = text === null ? null : findBlock(text);
  if (found?.kind !== 'present') {
    results.push({
      name: 'hook',
      status: 'fail',
      detail: found?.kind === 'malformed' ? `the block in ${target.file} is damaged: ${found.reason}` : `not installed (${target.file})`,
      fix: 'npx review-hook install',
    });
    return;
  }
  results.push({ name: 'hook', status: 'ok', detail: `installed in ${target.file}` });

  // Installed is not the same as run: git must reach the file.
  if (target.mode === 'husky-pending') {
    results.push({
      name: 'hook runs',
      status: 'fail',
      detail: 'husky is not set up in this clone (core.hooksPath is unset), so git never runs .husky/pre-push',
      fix: 'npx husky   (and "prepare": "husky" in package.json so every clone does it on npm install)',
    });
  } else if (target.mode === 'husky') {
    const missing = ['pre-push', 'h'].filter((name) => !existsSync(join(target.hooksDir, name)));
    const unset = target.hooksPath === null;
    results.push(
      missing.length === 0 && !unset
        ? {
            name: 'hook runs',
            status: 'ok',
            detail: `git runs ${join(target.hooksDir, 'pre-push')} (core.hooksPath ${target.hooksPath}), which runs .husky/pre-push`,
          }
        : {
            name: 'hook runs',
            status: 'fail',
            detail: unset
              ? "core.hooksPath is not set in this clone, so git does not run husky's hooks"
              : `husky's ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing from ${target.hooksDir} (.husky/_ is gitignored, so each clone and linked worktree needs it)`,
            fix: 'npx husky   (run it in this worktree)',
          },
    );
  } else {
    const executable = await access(target.file, constants.X_OK).then(
      () => true,
      () => false,
    );
    results.push(
      executable
        ? { name: 'hook runs', status: 'ok', detail: `git runs ${target.file}` }
        : {
            name: 'hook runs',
            status: 'fail',
            detail: `${target.file} is not executable, so git skips it`,
            fix: `chmod +x ${target.file}`,
          },
    );
  }

  const above = commandsAboveBlock(text ?? '') ?? [];
  results.push(
    above.length === 0
      ? { name: 'hook order', status: 'ok', detail: "the review-hook block is the first command, so it reads git's ref lines" }
      : {
          name: 'hook order',
          status: 'warn',
          detail: `${above.length === 1 ? 'a command runs' : `${above.length} commands run`} above the review-hook block in ${target.file} (${above.slice(0, 3).join('; ')}); one that reads stdin takes git's ref lines and the review no longer sees what is pushed`,
          fix: 'Move the block (from "# >>> review-hook >>>" to "# <<< review-hook <<<") to the top, or: npx review-hook uninstall && npx review-hook install',
        },
  );
}

const MARK: Record<DoctorStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function formatDoctor(results: readonly DoctorResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map((r) => `${MARK[r.status]}  ${r.name.padEnd(width)}  ${r.detail}${r.fix ? `\n      ${' '.repeat(width)}  fix: ${r.fix}` : ''}`)
    .join('\n');
}
