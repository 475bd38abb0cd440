// Builds the SDK client for an endpoint: the SDK's own AzureOpenAI client for Azure (deployment
// path, api-version query, api-key header), the OpenAI client for everything else.
import type OpenAI from 'openai';
import type { Endpoint } from './resolve-endpoint.js';

/** Local servers need no key, but the SDK refuses to start without one; it only goes to the configured URL. */
export const PLACEHOLDER_KEY = 'no-key';

export interface ClientOptions {
  maxRetries: number;
  timeout: number;
  fetch?: typeof fetch;
}

type Sdk = typeof import('openai');
type ClientEndpoint = Pick<Endpoint, 'provider' | 'baseURL' | 'apiKey' | 'azure' | 'headers'>;

export function createClient(sdk: Sdk, endpoint: ClientEndpoint, options: ClientOptions): OpenAI {
  const common = {
    apiKey: endpoint.apiKey ?? PLACEHOLDER_KEY,
    maxRetries: options.maxRetries,
    timeout: options.timeout,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(Object.keys(endpoint.headers).length > 0 ? { defaultHeaders: endpoint.headers } : {}),
  };
  if (endpoint.azure !== null && endpoint.baseURL !== null) {
    // baseURL is given whole, never `endpoint`: the Azure client would otherwise also read
    // OPENAI_BASE_URL from the process and refuse the pair.
    return new sdk.AzureOpenAI({
      ...common,
      baseURL: `${endpoint.baseURL.replace(/\/+$/, '')}/openai`,
      apiVersion: endpoint.azure.apiVersion,
      deployment: endpoint.azure.deployment,
    });
  }
  return new sdk.OpenAI({ ...common, baseURL: endpoint.baseURL ?? undefined });
}
