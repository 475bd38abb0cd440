// The model review: prompt, request, validated answer, located findings. Any failure here is a
// value (status 'failed' with a cause), never a thrown error: policy decides what the push gets.
import type { ReviewConfig } from '../config/types.js';
import { ModelError } from '../errors.js';
import type { Git } from '../git/exec-git.js';
import type { Changeset, Finding, RequirementResult, Usage } from '../types.js';
import type { Env } from './context.js';
import { locateFindings } from './locate-findings.js';

export type ModelStatus = 'done' | 'skipped' | 'failed' | 'not-needed';

export interface ModelPhaseResult {
  status: ModelStatus;
  findings: Finding[];
  strengths: string[];
  requirements: RequirementResult[];
  summary: string | null;
  usage: Omit<Usage, 'cached' | 'estimatedCostUSD'>;
  /** Why the model review did not run or did not complete, in words for the user. */
  reason: string | null;
}

export interface ModelPhaseInput {
  git: Git;
  changeset: Changeset;
  config: ReviewConfig;
  env: Env;
  offline: boolean;
  onProgress?: (text: string) => void;
}

const NO_USAGE = { requests: 0, promptTokens: 0, completionTokens: 0 };

export interface Endpoint {
  baseURL: string | null;
  apiKey: string | null;
}

/** Where requests go and with which key. A custom endpoint (Ollama, a proxy) may need no key. */
export function resolveEndpoint(config: ReviewConfig, env: Env): Endpoint {
  const baseURL = config.baseURL ?? (env.OPENAI_BASE_URL?.trim() || null);
  const apiKey = env[config.apiKeyEnv]?.trim() || null;
  return { baseURL, apiKey };
}

function skipped(reason: string, status: ModelStatus = 'skipped'): ModelPhaseResult {
  return { status, findings: [], strengths: [], requirements: [], summary: null, usage: NO_USAGE, reason };
}

export async function runModelPhase(input: ModelPhaseInput): Promise<ModelPhaseResult> {
  const { changeset, config, env } = input;
  if (input.offline) return skipped('the model review did not run (--offline); only the deterministic checks decided');
  if (changeset.files.length === 0) return skipped('nothing left to send to the model after filtering', 'not-needed');

  const endpoint = resolveEndpoint(config, env);
  if (!endpoint.apiKey && !endpoint.baseURL) {
    return skipped(
      `no API key: the model review did not run. Set ${config.apiKeyEnv} (or point baseURL/OPENAI_BASE_URL at a local server) to enable it`,
      'failed',
    );
  }

  const [{ loadTemplate, buildMessages }, { reviewWithModel }] = await Promise.all([
    import('../prompt/build-prompt.js'),
    import('../llm/client.js'),
  ]);
  const template = await loadTemplate();
  const messages = buildMessages(
    {
      changeset,
      taskContext: null,
      implemented: null,
      requirements: null,
      instructions: config.instructions,
    },
    template,
  );

  try {
    const outcome = await reviewWithModel({
      messages,
      model: config.model,
      baseURL: endpoint.baseURL,
      apiKey: endpoint.apiKey,
      apiKeyEnv: config.apiKeyEnv,
      timeoutSeconds: config.timeoutSeconds,
      maxRetries: config.maxRetries,
      structuredOutput: config.structuredOutput,
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    const findings = await locateFindings(outcome.review.findings, changeset, async (path) => {
      for (const range of changeset.ranges) {
        const lines = await countLinesAt(input.git, range.head, path);
        if (lines !== null) return lines;
      }
      return null;
    });
    return {
      status: 'done',
      findings,
      strengths: outcome.review.strengths,
      requirements: outcome.review.requirements,
      summary: outcome.review.summary,
      usage: outcome.usage,
      reason: null,
    };
  } catch (error) {
    if (error instanceof ModelError) {
      const usage = (error as ModelError & { usage?: ModelPhaseResult['usage'] }).usage ?? NO_USAGE;
      return { ...skipped(`the model review could not complete: ${error.message}`, 'failed'), usage };
    }
    throw error;
  }
}

async function countLinesAt(git: Git, head: string, path: string): Promise<number | null> {
  const result = await git.tryRun(['cat-file', 'blob', `${head}:${path}`]);
  if (result.exitCode !== 0) return null;
  const text = result.stdout;
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
