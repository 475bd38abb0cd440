// `review-hook eval`: loads the cases (shipped, a team's own, and/or built from history), reviews each
// one `repeat` times with the user's configured model, and summarizes the scores. Exit 0 whenever
// it ran: the scores are information. Usage and configuration problems throw (exit 2).
import { resolve } from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import type { Env } from '../domain/env.js';
import { buildCaseRepo } from './case-repo.js';
import { writeEvalConfig } from './eval-config.js';
import type { HistoryScan } from './from-history.js';
import { loadCases } from './load-cases.js';
import { runCase } from './run-case.js';
import { summarize, type EvalSummary } from './summarize.js';
import type { CaseRun, EvalCase } from './types.js';

export interface EvalOptions {
  cwd: string;
  env: Env;
  /** A folder of cases; null for the shipped ones (unless history alone was asked for). */
  casesDir: string | null;
  shippedCasesDir: string;
  fromHistory: number | null;
  repeat: number;
  config: string | null;
  now: () => Date;
  /** Milliseconds for timing each review (default: from `now`). */
  clock?: () => number;
  /** One line per reviewed case, for progress on stderr. */
  onProgress: (line: string) => void;
}

export interface EvalResult {
  summary: EvalSummary;
  model: string;
  configFile: string | null;
  casesFrom: string[];
  history: (Omit<HistoryScan, 'cases'> & { found: number }) | null;
  repeat: number;
}

export const MAX_REPEAT = 20;

export function checkCount(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} is "${value}"; give a whole number from 1 to ${max}`);
  return n;
}

export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const [{ createGit }, { openRepo }, { loadConfig }] = await Promise.all([
    import('../git/exec-git.js'),
    import('../git/repo.js'),
    import('../config/load-config.js'),
  ]);
  const git = createGit(options.cwd, options.env);
  // The user's repository: where their configuration (model, endpoint, prices) lives, and their history.
  const repo = await openRepo(git).catch((error: unknown) => {
    if (options.fromHistory !== null) throw error;
    return null;
  });
  const root = repo?.toplevel ?? options.cwd;
  const loaded = await loadConfig({
    repoRoot: root,
    explicitPath: options.config ?? options.env.REVIEW_HOOK_CONFIG ?? null,
    env: options.env,
  });
  const { missingKey, resolveEndpoint } = await import('../providers/resolve-endpoint.js');
  const endpoint = resolveEndpoint(loaded.config, options.env);
  const cannotAsk = endpoint.problem ?? missingKey(endpoint, loaded.config.apiKeyEnv);
  if (cannotAsk !== null) {
    throw new ConfigError(`eval measures a model, and none can be asked: ${cannotAsk}`, loaded.file, {
      hint: `Set ${loaded.config.apiKeyEnv}, or point baseURL (or OPENAI_BASE_URL) at a local server such as Ollama.`,
    });
  }

  const cases: EvalCase[] = [];
  const casesFrom: string[] = [];
  if (options.casesDir !== null || options.fromHistory === null) {
    const dir = options.casesDir === null ? options.shippedCasesDir : resolve(options.cwd, options.casesDir);
    cases.push(...(await loadCases(dir)));
    casesFrom.push(options.casesDir === null ? 'the shipped cases' : dir);
  }
  let history: EvalResult['history'] = null;
  if (options.fromHistory !== null && repo !== null) {
    const { casesFromHistory } = await import('./from-history.js');
    const scan = await casesFromHistory(git, repo, options.fromHistory, loaded.config);
    const { cases: found, ...rest } = scan;
    history = { ...rest, found: found.length };
    cases.push(...found);
    casesFrom.push(`the last ${scan.scanned} commits`);
    options.onProgress(
      `from history: ${found.length} case${found.length === 1 ? '' : 's'} in the last ${scan.scanned} commits` +
        (scan.skipped.length > 0 ? `, ${scan.skipped.length} skipped (see the report)` : ''),
    );
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new UsageError(`two cases are named ${c.id}; case names must be unique`);
    ids.add(c.id);
  }

  const clock = options.clock ?? (() => options.now().getTime());
  const evalConfig = await writeEvalConfig(loaded);
  const runs: CaseRun[] = [];
  try {
    for (const [index, testCase] of cases.entries()) {
      const caseRepo = await buildCaseRepo(testCase, options.env);
      try {
        for (let round = 1; round <= options.repeat; round++) {
          const run = await runCase({ testCase, repo: caseRepo, round, configPath: evalConfig.path, now: options.now, clock });
          runs.push(run);
          options.onProgress(progressLine(index + 1, cases.length, testCase, run, options.repeat));
        }
      } finally {
        await caseRepo.remove();
      }
    }
  } finally {
    await evalConfig.remove();
  }
  return {
    summary: summarize(cases, runs),
    model: evalConfig.config.model,
    configFile: loaded.file,
    casesFrom,
    history,
    repeat: options.repeat,
  };
}

function progressLine(n: number, total: number, testCase: EvalCase, run: CaseRun, repeat: number): string {
  const round = repeat > 1 ? ` (round ${run.round}/${repeat})` : '';
  const outcome =
    run.error !== null
      ? `not scored: ${run.error}`
      : `${run.verdict}, ${run.matchedExpected.length}/${testCase.expected.length} expected found, ${run.counted - run.correct} false positive${run.counted - run.correct === 1 ? '' : 's'}`;
  return `eval ${n}/${total} ${testCase.id}${round}: ${outcome} (${(run.ms / 1000).toFixed(1)} s)`;
}
