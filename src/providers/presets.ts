// What each kind of endpoint needs and does differently. Pure data: resolve-endpoint.ts applies it.
// The defaults are each server's documented local address; a `baseURL` in the config always wins.

export const PROVIDERS = ['openai', 'azure', 'ollama', 'lmstudio', 'vllm', 'openrouter', 'compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderPreset {
  /** Where requests go when neither the config nor OPENAI_BASE_URL says; null: the SDK's default (OpenAI). */
  baseURL: string | null;
  /** The environment variable the key is read from unless `apiKeyEnv` is set. */
  keyEnv: string;
  /** Whether a request without a key cannot work (the hosted services); local servers need none. */
  needsKey: boolean;
  /**
   * Whether the server accepts `response_format: {type: "json_object"}`. LM Studio answers 400 to it
   * (only json_schema or text), so a rejected json_schema goes straight to plain text there.
   */
  jsonObject: boolean;
  /** The server can say the model's real context window (Ollama's /api/show). */
  asksContextWindow: boolean;
  /**
   * The output-limit parameter to send first. Local servers take max_tokens and silently ignore a
   * name they do not know (so no 400 would ever teach it), which would leave the answer unbounded.
   */
  tokenParam: 'max_completion_tokens' | 'max_tokens';
}

export const PRESETS: Readonly<Record<ProviderName, ProviderPreset>> = {
  openai: {
    baseURL: null,
    keyEnv: 'OPENAI_API_KEY',
    needsKey: true,
    jsonObject: true,
    asksContextWindow: false,
    tokenParam: 'max_completion_tokens',
  },
  // The endpoint is the resource (https://<name>.openai.azure.com); requests go to its deployment.
  azure: {
    baseURL: null,
    keyEnv: 'AZURE_OPENAI_API_KEY',
    needsKey: true,
    jsonObject: true,
    asksContextWindow: false,
    tokenParam: 'max_completion_tokens',
  },
  ollama: {
    baseURL: 'http://127.0.0.1:11434/v1',
    keyEnv: 'OPENAI_API_KEY',
    needsKey: false,
    jsonObject: true,
    asksContextWindow: true,
    tokenParam: 'max_tokens',
  },
  lmstudio: {
    baseURL: 'http://127.0.0.1:1234/v1',
    keyEnv: 'OPENAI_API_KEY',
    needsKey: false,
    jsonObject: false,
    asksContextWindow: false,
    tokenParam: 'max_tokens',
  },
  vllm: {
    baseURL: 'http://127.0.0.1:8000/v1',
    keyEnv: 'OPENAI_API_KEY',
    needsKey: false,
    jsonObject: true,
    asksContextWindow: false,
    tokenParam: 'max_tokens',
  },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    keyEnv: 'OPENROUTER_API_KEY',
    needsKey: true,
    jsonObject: true,
    asksContextWindow: false,
    tokenParam: 'max_completion_tokens',
  },
  compatible: {
    baseURL: null,
    keyEnv: 'OPENAI_API_KEY',
    needsKey: false,
    jsonObject: true,
    asksContextWindow: false,
    tokenParam: 'max_completion_tokens',
  },
};

/** Azure OpenAI's GA API version that supports json_schema output. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';
