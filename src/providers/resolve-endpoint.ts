// Where requests go, with which key and headers, from the config, the environment and the provider's
// preset. Pure: the environment is passed in.
import type { ReviewConfig } from '../config/types.js';
import { PRESETS, type ProviderName } from './presets.js';

import type { Env } from '../domain/env.js';

export interface Endpoint {
  provider: ProviderName;
  /** The base URL requests go to (for Azure, the resource endpoint); null: the SDK's OpenAI default. */
  baseURL: string | null;
  apiKey: string | null;
  /** A request without a key cannot work here (OpenAI itself, Azure, OpenRouter). */
  needsKey: boolean;
  /** Why no request can be made at all (a provider without the endpoint it needs), with how to fix it; else null. */
  problem: string | null;
  /** Azure only: the deployment and API version. */
  azure: { deployment: string; apiVersion: string } | null;
  /** Extra headers every request carries (OpenRouter's attribution headers). */
  headers: Record<string, string>;
}

export function resolveEndpoint(config: ReviewConfig, env: Env): Endpoint {
  const preset = PRESETS[config.provider];
  const apiKey = env[config.apiKeyEnv]?.trim() || null;
  // Azure's endpoint is a resource, not an OpenAI-style base URL: OPENAI_BASE_URL does not apply to it.
  const fromEnv = config.provider === 'azure' ? env.AZURE_OPENAI_ENDPOINT : env.OPENAI_BASE_URL;
  const baseURL = config.baseURL ?? (fromEnv?.trim() || null) ?? preset.baseURL;
  // OpenAI's own API needs a key; the same provider pointed at another URL (a proxy) may not.
  const needsKey = preset.needsKey && !(config.provider === 'openai' && baseURL !== null);
  let problem: string | null = null;
  if (baseURL === null && config.provider === 'azure') {
    problem = 'provider azure needs the resource endpoint: set baseURL (https://<resource>.openai.azure.com) or AZURE_OPENAI_ENDPOINT';
  } else if (baseURL === null && config.provider === 'compatible') {
    problem = "provider compatible needs the server's URL: set baseURL (e.g. http://127.0.0.1:8080/v1) or OPENAI_BASE_URL";
  }
  const headers: Record<string, string> = {};
  if (config.provider === 'openrouter') {
    if (config.openrouter.siteUrl) headers['HTTP-Referer'] = config.openrouter.siteUrl;
    if (config.openrouter.appName) headers['X-Title'] = config.openrouter.appName;
  }
  return {
    provider: config.provider,
    baseURL,
    apiKey,
    needsKey,
    problem,
    azure:
      config.provider === 'azure' ? { deployment: config.azure.deployment ?? config.model, apiVersion: config.azure.apiVersion } : null,
    headers,
  };
}

/** Why the model cannot be asked for lack of a key, or null when a key is there or none is needed. */
export function missingKey(endpoint: Endpoint, keyEnv: string): string | null {
  if (endpoint.apiKey || !endpoint.needsKey) return null;
  const where = endpoint.provider === 'openai' ? '' : ` (provider ${endpoint.provider})`;
  return `no API key${where}: set ${keyEnv} in the environment`;
}
