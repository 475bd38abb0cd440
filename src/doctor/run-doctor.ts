// `review-hook doctor`: each part the gate depends on, whether it works, and how to fix it if not.
import { redactUrl, scrubSecret } from '../llm/describe-error.js';
import { readFile } from 'node:fs/promises';
import type { ReviewConfig } from '../config/types.js';
import type { Git } from '../git/exec-git.js';
import type { Env } from '../review/context.js';

export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorResult {
  name: string;
  status: DoctorStatus;
  detail: string;
  fix?: string;
}

export interface DoctorInput {
  git: Git;
  env: Env;
  explicitConfig: string | null;
  /** How long the endpoint may take to answer. */
  endpointTimeoutMs: number;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorResult[]> {
  const results: DoctorResult[] = [];
  const version = await input.git.tryRun(['version']).catch(() => null);
  if (!version || version.exitCode !== 0) {
    return [{ name: 'git', status: 'fail', detail: 'git could not run', fix: 'Install git and make sure it is on PATH.' }];
  }
  results.push({ name: 'git', status: 'ok', detail: version.stdout.trim() });

  const { openRepo } = await import('../git/repo.js');
  let repoRoot: string;
  try {
    const repo = await openRepo(input.git);
    repoRoot = repo.toplevel ?? input.git.cwd;
    results.push({ name: 'repository', status: 'ok', detail: `${repoRoot} (git dir ${repo.commonDir})` });
  } catch (error) {
    results.push({ name: 'repository', status: 'fail', detail: (error as Error).message, fix: 'Run this inside a git repository.' });
    return results;
  }

  const config = await checkConfig(repoRoot, input, results);
  if (config) {
    const endpoint = await checkCredentials(config, input.env, results);
    if (endpoint) await checkEndpoint(config, endpoint, input.endpointTimeoutMs, results);
  }
  await checkHook(input.git, results);
  return results;
}

async function checkConfig(repoRoot: string, input: DoctorInput, results: DoctorResult[]): Promise<ReviewConfig | null> {
  const { loadConfig } = await import('../config/load-config.js');
  try {
    const loaded = await loadConfig({ repoRoot, explicitPath: input.explicitConfig, env: input.env });
    results.push({ name: 'config', status: 'ok', detail: loaded.file ?? 'no config file; defaults apply' });
    return loaded.config;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    results.push({ name: 'config', status: 'fail', detail: (error as Error).message, fix: hint ?? 'Fix the file named above; `review-hook config` shows what is allowed.' });
    return null;
  }
}

async function checkCredentials(
  config: ReviewConfig,
  env: Env,
  results: DoctorResult[],
): Promise<{ baseURL: string | null; apiKey: string | null } | null> {
  const { resolveEndpoint } = await import('../review/model-phase.js');
  const endpoint = resolveEndpoint(config, env);
  if (endpoint.apiKey) {
    // Say that the key is there, never what it is.
    results.push({ name: 'credentials', status: 'ok', detail: `${config.apiKeyEnv} is set` });
  } else if (endpoint.baseURL) {
    results.push({ name: 'credentials', status: 'ok', detail: `no ${config.apiKeyEnv}; fine for a local endpoint that needs no key` });
  } else {
    results.push({
      name: 'credentials',
      status: 'warn',
      detail: `${config.apiKeyEnv} is not set: pushes get the deterministic checks only`,
      fix: `export ${config.apiKeyEnv}=…  (or set baseURL / OPENAI_BASE_URL to a local server such as Ollama)`,
    });
    return null;
  }
  return endpoint;
}

async function checkEndpoint(
  config: ReviewConfig,
  endpoint: { baseURL: string | null; apiKey: string | null },
  timeoutMs: number,
  results: DoctorResult[],
): Promise<void> {
  // Never the credentials a baseURL may carry (user:password, an api-key query value).
  const where = endpoint.baseURL === null ? 'https://api.openai.com/v1' : redactUrl(endpoint.baseURL);
  try {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({
      apiKey: endpoint.apiKey ?? 'no-key',
      ...(endpoint.baseURL ? { baseURL: endpoint.baseURL } : {}),
      timeout: timeoutMs,
      maxRetries: 0,
    });
    const models: string[] = [];
    for await (const model of client.models.list()) models.push(model.id);
    const known = models.includes(config.model);
    results.push({
      name: 'endpoint',
      status: known || models.length === 0 ? 'ok' : 'warn',
      detail: `${where} answered; ${models.length} model(s)${known ? `, including ${config.model}` : ''}`,
      ...(known || models.length === 0 ? {} : { fix: `The endpoint does not list "${config.model}"; set model (or REVIEW_HOOK_MODEL) to one it serves.` }),
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    results.push({
      name: 'endpoint',
      status: 'fail',
      detail: `${where} did not answer the model list: ${status ? `HTTP ${status}` : scrubSecret((error as Error).message, endpoint.apiKey)}`,
      fix: status === 401 ? `The key in ${config.apiKeyEnv} was refused; check it.` : 'Check baseURL / OPENAI_BASE_URL and that the server is running.',
    });
  }
}

async function checkHook(git: Git, results: DoctorResult[]): Promise<void> {
  const [{ findHookTarget }, { findBlock }] = await Promise.all([
    import('../install/find-hook-target.js'),
    import('../install/hook-script.js'),
  ]);
  try {
    const target = await findHookTarget(git);
    const text = await readFile(target.file, 'utf8').catch(() => null);
    const found = text === null ? null : findBlock(text);
    if (found?.kind === 'present') {
      const pending = target.mode === 'husky-pending';
      results.push({
        name: 'hook',
        status: pending ? 'warn' : 'ok',
        detail: `installed in ${target.file}${pending ? ', but husky is not set up in this clone' : ''}`,
        ...(pending ? { fix: 'Run `npx husky` (or `npm install` when "prepare" runs husky).' } : {}),
      });
    } else {
      results.push({ name: 'hook', status: 'warn', detail: `not installed (${target.file})`, fix: 'Run `npx review-hook install`.' });
    }
  } catch (error) {
    results.push({ name: 'hook', status: 'fail', detail: (error as Error).message, fix: (error as { hint?: string }).hint ?? 'See the message above.' });
  }
}

const MARK: Record<DoctorStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function formatDoctor(results: readonly DoctorResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map((r) => `${MARK[r.status]}  ${r.name.padEnd(width)}  ${r.detail}${r.fix ? `\n      ${' '.repeat(width)}  fix: ${r.fix}` : ''}`)
    .join('\n');
}
