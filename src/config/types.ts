// The resolved configuration every stage receives. The schema in schema.ts validates files into this.
import type { ProviderName } from '../providers/presets.js';
import type { BlockOn } from '../domain/types.js';
import type { OnError } from '../domain/lists.js';

import type { StructuredOutputMode, VerifyMode } from '../domain/lists.js';

export type { StructuredOutputMode, VerifyMode } from '../domain/lists.js';

export interface CheckAllow {
  /** A glob of paths the check ignores. */
  path?: string;
  /** A regular expression; matches on the offending text are ignored. */
  pattern?: string;
  /** Why this is allowed; shown in the report. */
  reason: string;
}

export interface CheckSettings {
  enabled: boolean;
  allow: CheckAllow[];
}

export interface ContextSettings {
  /** Read the Beads tracker (.beads/) for task context. */
  beads: boolean;
  /** A command (argv, no shell) whose output is the task context; `{id}` is replaced. */
  command: string[] | null;
  /** Regular expression for issue ids when `command` is used. */
  idPattern: string | null;
  timeoutSeconds: number;
  /** Cap on characters taken from any one context source. */
  maxChars: number;
}

export interface CacheSettings {
  enabled: boolean;
  maxAgeDays: number;
  maxEntries: number;
}

export interface PriceEntry {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

export interface AzureSettings {
  /** The deployment requests go to; null uses the model name as the deployment. */
  deployment: string | null;
  apiVersion: string;
}

export interface OpenRouterSettings {
  /** Sent as HTTP-Referer: OpenRouter attributes usage to this site. */
  siteUrl: string | null;
  /** Sent as X-Title. */
  appName: string | null;
}

export interface ReviewConfig {
  /** Which kind of endpoint: presets for the base URL, the key, and the server's quirks. */
  provider: ProviderName;
  model: string;
  baseURL: string | null;
  apiKeyEnv: string;
  blockOn: BlockOn;
  onError: OnError;
  include: string[];
  exclude: string[];
  neverSend: string[];
  instructions: string;
  timeoutSeconds: number;
  maxRetries: number;
  concurrency: number;
  /** Tokens in one request; null derives it from the model's context window. */
  maxPromptTokens: number | null;
  maxPushTokens: number;
  /** Most commits reviewed in one range when it reaches a root (first push to an empty remote). */
  maxCommits: number;
  structuredOutput: StructuredOutputMode;
  checks: Record<string, CheckSettings>;
  context: ContextSettings;
  cache: CacheSettings;
  interactive: boolean;
  pricing: Record<string, PriceEntry>;
  maxCostPerPush: number | null;
  azure: AzureSettings;
  openrouter: OpenRouterSettings;
  /** "blocking": a focused second request confirms each finding that would block; "off": the review's word stands. */
  verify: VerifyMode;
}

/** Where a resolved value came from, for `review-hook config`. */
export type ValueOrigin = 'default' | `file:${string}` | `env:${string}` | `flag:${string}`;

export interface LoadedConfig {
  config: ReviewConfig;
  /** The file that was loaded, or null when only defaults apply. */
  file: string | null;
  origins: Record<keyof ReviewConfig, ValueOrigin>;
}
