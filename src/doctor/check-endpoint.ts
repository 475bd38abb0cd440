// doctor's model checks, in the order they depend on each other: the endpoint answers, it lists
// the model, it accepts a structured-output mode, and the context window the review will budget for.
// Every URL shown goes through redactUrl: a baseURL may carry user:password or a key in its query.
import type { ReviewConfig } from '../config/types.js';
import { redactUrl, rejectedFrom, scrubSecret } from '../llm/describe-error.js';
import { adaptShape, isReasoningModel, requestBody, type RequestShape } from '../llm/request-shape.js';
import { createClient } from '../providers/create-client.js';
import { PRESETS } from '../providers/presets.js';
import { requestBudget } from '../providers/request-budget.js';
import type { Endpoint } from '../providers/resolve-endpoint.js';
import type { DoctorResult } from './doctor-result.js';

const PROBE_MESSAGES = [
  {
    role: 'user' as const,
    content:
      'This is a connection test. Answer with an empty review: summary "ok", no findings, no strengths, no requirements, verdict "ready".',
  },
];
/** Output tokens for the probe: enough for an empty review, cheap on any price list. */
const PROBE_TOKENS = 200;

export async function checkModel(config: ReviewConfig, endpoint: Endpoint, timeoutMs: number, results: DoctorResult[]): Promise<void> {
  const where = endpoint.baseURL === null ? 'https://api.openai.com/v1' : redactUrl(endpoint.baseURL);
  const scrub = (text: string) => scrubSecret(text, endpoint.apiKey);
  const sdk = await import('openai');
  const client = createClient(sdk, endpoint, { maxRetries: 0, timeout: timeoutMs });

  if (endpoint.provider === 'azure') {
    // Azure lists base models, not deployments: the request below shows whether the deployment answers.
    results.push({
      name: 'endpoint',
      status: 'ok',
      detail: `${where} (Azure OpenAI, deployment ${endpoint.azure?.deployment ?? config.model}, api-version ${endpoint.azure?.apiVersion ?? ''})`,
    });
  } else {
    try {
      const models: string[] = [];
      for await (const model of client.models.list()) models.push(model.id);
      results.push({ name: 'endpoint', status: 'ok', detail: `${where} answered; it lists ${models.length} model(s)` });
      const known = models.includes(config.model);
      results.push(
        known || models.length === 0
          ? { name: 'model', status: 'ok', detail: known ? `${config.model} is listed` : `${config.model} (the endpoint lists no models)` }
          : {
              name: 'model',
              status: 'fail',
              detail: `the endpoint does not list "${config.model}" (it has: ${models.slice(0, 8).join(', ')}${models.length > 8 ? ', …' : ''})`,
              fix:
                endpoint.provider === 'ollama'
                  ? `ollama pull ${config.model}   (or set model / REVIEW_HOOK_MODEL to one it has)`
                  : 'Set model (or REVIEW_HOOK_MODEL) to one of the models it lists.',
            },
      );
      if (!known && models.length > 0) return;
    } catch (error) {
      const status = (error as { status?: number }).status;
      results.push({
        name: 'endpoint',
        status: 'fail',
        detail: scrub(`${where} did not answer the model list: ${status ? `HTTP ${status}` : (error as Error).message}`),
        fix:
          status === 401 || status === 403
            ? `The key in ${config.apiKeyEnv} was refused; check it (export ${config.apiKeyEnv}=…).`
            : endpoint.provider === 'ollama'
              ? 'Start the server: ollama serve   (or set baseURL to where it runs)'
              : 'Check baseURL / OPENAI_BASE_URL and that the server is running.',
      });
      return;
    }
  }

  await checkStructuredOutput(client, config, endpoint, results, scrub);
  const budget = await requestBudget(config, endpoint);
  results.push({
    name: 'context window',
    status: 'ok',
    detail:
      budget.note ??
      (config.maxPromptTokens === null
        ? `up to ${budget.maxPromptTokens} prompt tokens per request (from ${config.model}'s known window), ${budget.maxOutputTokens} for the answer`
        : `maxPromptTokens ${config.maxPromptTokens} per request, ${budget.maxOutputTokens} for the answer`),
  });
}

async function checkStructuredOutput(
  client: import('openai').default,
  config: ReviewConfig,
  endpoint: Endpoint,
  results: DoctorResult[],
  scrub: (text: string) => string,
): Promise<void> {
  const { APIError } = await import('openai');
  const preset = PRESETS[config.provider];
  let shape: RequestShape = {
    mode: config.structuredOutput === 'auto' ? 'json_schema' : config.structuredOutput,
    tokenParam: preset.tokenParam,
    temperature: !isReasoningModel(config.model),
  };
  const learned: string[] = [];
  for (;;) {
    try {
      await client.chat.completions.create(requestBody(config.model, PROBE_MESSAGES, shape, PROBE_TOKENS) as never);
      const how = shape.mode === 'none' ? 'plain text (the Markdown layout, parsed leniently)' : `${shape.mode} output`;
      results.push({
        name: 'structured output',
        status: shape.mode === 'none' ? 'warn' : 'ok',
        detail: `${config.model} accepts ${how}${learned.length > 0 ? `; ${learned.join('; ')}` : ''}`,
        ...(shape.mode === 'none'
          ? { fix: 'A model with JSON output follows the review format more reliably; see Providers in the README.' }
          : {}),
      });
      return;
    } catch (error) {
      if (error instanceof APIError && (error.status === 400 || error.status === 422)) {
        const next = adaptShape(shape, rejectedFrom(error), config.structuredOutput, preset.jsonObject);
        if (next !== null) {
          learned.push(next.note);
          shape = next.shape;
          continue;
        }
      }
      const status = (error as { status?: number }).status;
      results.push({
        name: 'structured output',
        status: 'fail',
        detail: scrub(`a test request to ${config.model} failed: ${status ? `HTTP ${status} ` : ''}${(error as Error).message}`),
        fix:
          config.structuredOutput !== 'auto'
            ? `structuredOutput is ${config.structuredOutput}; set it to auto to let review-hook find what the endpoint accepts.`
            : endpoint.provider === 'azure'
              ? 'Check azure.deployment (the deployment name in the Azure portal) and azure.apiVersion.'
              : "Check the model name and the server's log.",
      });
      return;
    }
  }
}
