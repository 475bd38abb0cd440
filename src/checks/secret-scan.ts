// Finds secrets in text with secretlint's core and its recommended preset (AWS access key ids too),
// plus the private-key armour scan, and says exactly where each one is, so the secrets check can
// report it and redaction can replace it. secretlint is loaded on first use.
//
// Two deliberate departures from secretlint's defaults:
// - `secretlint-disable` comments are not honoured (the filter-comments rule is left out): text
//   pasted into a file must not be able to hide a secret from redaction. The config's allow-lists
//   are the way to accept a finding, with a reason the report shows.
// - The exact secret is taken from the message data, not from the reported range: the AWS secret
//   key rule reports a range that starts at the variable name and cuts the secret short.
import type { SecretLintCoreResultMessage } from '@secretlint/types';
import { EXTRA_KINDS, EXTRA_PATTERNS, PATTERN_RULE, looksRandom } from './extra-secret-rules.js';
import { batchSources, joinSources } from './batch-sources.js';
import { findPrivateKeys } from './private-key-scan.js';
import { spansOfRange, type Span } from './spans.js';

export interface SecretHit {
  /** Slug for the redaction marker: `github-token`, `aws-access-key-id`, `private-key`… */
  kind: string;
  /** For people: "GitHub token". */
  title: string;
  /** secretlint's rule id, or `private-key` for the armour scan. */
  rule: string;
  /** Index of the first line the secret is on. */
  line: number;
  spans: Span[];
  /** The secret's exact text (lines joined with \n). Never shown. */
  value: string;
}

const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
const AWS = '@secretlint/secretlint-rule-aws';
export const SECRETLINT_PRIVATE_KEY = '@secretlint/secretlint-rule-privatekey';

/** Names for secretlint's message ids; anything new in a later preset falls back to its own words. */
const KINDS: Record<string, [kind: string, title: string]> = {
  GITHUB_TOKEN: ['github-token', 'GitHub token'],
  AWSAccessKeyID: ['aws-access-key-id', 'AWS access key ID'],
  AWSSecretAccessKey: ['aws-secret-access-key', 'AWS secret access key'],
  AWSAccountID: ['aws-account-id', 'AWS account ID'],
  SLACK_TOKEN: ['slack-token', 'Slack token'],
  IncomingWebhook: ['slack-webhook', 'Slack incoming webhook URL'],
  BasicAuth: ['basic-auth', 'Password in a URL (basic auth)'],
  OPENAI_TOKEN: ['openai-key', 'OpenAI API key'],
  ANTHROPIC_API_KEY: ['anthropic-key', 'Anthropic API key'],
  GROQ_API_KEY: ['groq-key', 'Groq API key'],
  HUGGINGFACE_USER_ACCESS_TOKEN: ['huggingface-token', 'Hugging Face access token'],
  GITLAB_PERSONAL_ACCESS_TOKEN: ['gitlab-token', 'GitLab personal access token'],
  NPM_ACCESS_TOKEN: ['npm-token', 'npm access token'],
  Npmrc_authToken: ['npm-token', 'npm auth token in .npmrc'],
  PackageJSON_xOauthToken: ['github-token', 'GitHub OAuth token in package.json'],
  PrivateKey: ['private-key', 'Private key'],
  PrivateKeyJSON: ['private-key', 'GCP service account key'],
  PrivateKeyP12: ['private-key', 'GCP service account key (p12)'],
  SENDGRID_KEY: ['sendgrid-key', 'SendGrid API key'],
  SHOPIFY_KEY: ['shopify-key', 'Shopify API key'],
  GRAFANA_CLOUD_API_TOKEN: ['grafana-token', 'Grafana Cloud API token'],
  GRAFANA_SERVICE_ACCOUNT_TOKEN: ['grafana-token', 'Grafana service account token'],
  LINEAR_API_TOKEN: ['linear-token', 'Linear API token'],
  NOTION_INTEGRATION_TOKEN: ['notion-token', 'Notion integration token'],
  OPS_TOKEN: ['1password-token', '1Password service account token'],
  MongoDBConnection: ['mongodb-connection-string', 'MongoDB connection string with a password'],
  MySQLConnection: ['mysql-connection-string', 'MySQL connection string with a password'],
  PostgreSQLConnection: ['postgresql-connection-string', 'PostgreSQL connection string with a password'],
  HASHICORP_VAULT_SERVICE_TOKEN: ['vault-token', 'HashiCorp Vault service token'],
  HASHICORP_VAULT_BATCH_TOKEN: ['vault-token', 'HashiCorp Vault batch token'],
  HASHICORP_VAULT_RECOVERY_TOKEN: ['vault-token', 'HashiCorp Vault recovery token'],
  VERCEL_PERSONAL_ACCESS_TOKEN: ['vercel-token', 'Vercel personal access token'],
  VERCEL_INTEGRATION_TOKEN: ['vercel-token', 'Vercel integration token'],
  VERCEL_APP_ACCESS_TOKEN: ['vercel-token', 'Vercel app access token'],
  VERCEL_APP_REFRESH_TOKEN: ['vercel-token', 'Vercel app refresh token'],
  VERCEL_AI_GATEWAY_API_KEY: ['vercel-token', 'Vercel AI Gateway API key'],
  DATABRICKS_PERSONAL_ACCESS_TOKEN: ['databricks-token', 'Databricks personal access token'],
  DOCKER_PERSONAL_ACCESS_TOKEN: ['docker-token', 'Docker personal access token'],
  FIGMA_PERSONAL_ACCESS_TOKEN: ['figma-token', 'Figma personal access token'],
};

/** Where rules put the secret itself in their message data, most specific first. */
const VALUE_KEYS = ['KEY', 'TOKEN', 'ID', 'CREDENTIAL', 'URI', 'URL'] as const;

type Lint = (content: string, filePath: string) => Promise<SecretLintCoreResultMessage[]>;
let engine: Promise<Lint> | undefined;

function loadEngine(): Promise<Lint> {
  engine ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
    import('@secretlint/profiler'),
    import('@secretlint/secretlint-rule-pattern'),
  ]).then(([{ lintSource }, preset, { secretLintProfiler }, pattern]) => {
    // secretlint's built-in profiler records a timing mark per rule per call and, for each new
    // one, scans every mark recorded so far: quadratic over a push's many lint calls (0.7 s of a
    // 1.6 s large-push run). Nothing here reads those timings, so marking is turned off.
    secretLintProfiler.mark = () => undefined;
    // The preset's rules registered one by one: the only way to leave one out (core ignores
    // `disabled` inside a preset) and to give the AWS rule its option.
    const rules = preset.rules
      .filter((rule) => rule.meta.id !== FILTER_COMMENTS)
      .map((rule) => ({ id: rule.meta.id, rule, ...(rule.meta.id === AWS ? { options: { enableIDScanRule: true } } : {}) }))
      // Stripe, Google API keys, generic secret assignments and .env files (see extra-secret-rules.ts).
      .concat([{ id: PATTERN_RULE, rule: pattern.creator as never, options: { patterns: EXTRA_PATTERNS } as never }]);
    return async (content: string, filePath: string) => {
      const result = await lintSource({
        // Always plain text: some rules read the physical file for other extensions (`.p12`).
        source: { content, filePath, ext: '.txt', contentType: 'text' },
        options: { config: { rules }, maskSecrets: false, noPhysicFilePath: true, locale: 'en' },
      });
      return result.messages;
    };
  });
  return engine;
}

/**
 * Starts loading secretlint now, so that it compiles while the caller waits for git; a failure
 * surfaces at the first scan.
 */
export function preloadSecretScanner(): void {
  loadEngine().catch(() => undefined);
}

/** Lines to scan as one text, and the file they come from (file-specific rules such as .npmrc's apply). */
export interface ScanSource {
  lines: readonly string[];
  filePath: string;
}

/** secretlint's findings in the lines (joined with \n). `filePath` lets file-specific rules (.npmrc) apply. */
export async function scanWithSecretlint(lines: readonly string[], filePath: string): Promise<SecretHit[]> {
  return (await scanManyWithSecretlint([{ lines, filePath }]))[0]!;
}

/**
 * secretlint's findings in each source, in the order given: the same hits as scanning each source
 * alone, at a fraction of the cost. Each lint call pays for setting up every rule (and compiling the
 * pattern rule's globs), which on a push of 200 commits was most of the checks' time. So sources the
 * file-specific rules treat alike are first linted together, as a filter (see batch-sources.ts):
 * a source with no match in it or just before it has nothing to find alone either, and only the
 * sources around a match are linted again, alone, for their exact hits.
 */
export async function scanManyWithSecretlint(sources: readonly ScanSource[]): Promise<SecretHit[][]> {
  const results: SecretHit[][] = sources.map(() => []);
  if (sources.every((s) => s.lines.length === 0)) return results;
  const lint = await loadEngine();
  for (const batch of batchSources(sources)) {
    let alone: Iterable<number> = batch;
    if (batch.length > 1) {
      const joined = joinSources(batch.map((i) => sources[i]!.lines));
      const near = new Set<number>();
      for (const message of await lint(joined.content, sources[batch[0]!]!.filePath)) {
        for (const k of joined.near(message.range[0], message.range[1])) near.add(batch[k]!);
      }
      alone = [...near].sort((x, y) => x - y);
    }
    for (const i of alone) results[i] = await scanOne(lint, sources[i]!);
  }
  return results;
}

/** One source linted alone. */
async function scanOne(lint: Lint, source: ScanSource): Promise<SecretHit[]> {
  if (source.lines.length === 0) return [];
  const content = source.lines.join('\n');
  const hits: SecretHit[] = [];
  const seen = new Set<string>();
  for (const message of await lint(content, source.filePath)) {
    const hit = hitOf(message, content, source.lines, seen);
    if (hit) hits.push(hit);
  }
  return hits;
}

/** A message as a hit in its source's lines, or null when it is a duplicate, empty or not random enough. */
function hitOf(message: SecretLintCoreResultMessage, content: string, lines: readonly string[], seen: Set<string>): SecretHit | null {
  const located = locate(message, content, lines);
  if (!located) return null;
  const key = `${located.start}:${located.end}`;
  // Two rules can report the same text (npm's token and .npmrc rules); one hit is enough.
  if (seen.has(key)) return null;
  seen.add(key);
  const spans = spansOfRange(lines, located.start, located.end);
  if (spans.length === 0) return null;
  const [kind, title] =
    message.ruleId === PATTERN_RULE ? patternName(message) : (KINDS[message.messageId] ?? fallbackName(message, located.value));
  if (!looksRandom(kind, located.value)) return null;
  return { kind, title, rule: message.ruleId, line: spans[0]!.line, spans, value: located.value };
}

/** Every secret the detectors find: secretlint's and the private-key armour scan's. */
export async function scanSecrets(lines: readonly string[], filePath: string): Promise<SecretHit[]> {
  return (await scanManySecrets([{ lines, filePath }]))[0]!;
}

/** Every secret the detectors find in each source, in the order given. */
export async function scanManySecrets(sources: readonly ScanSource[]): Promise<SecretHit[][]> {
  const all = await scanManyWithSecretlint(sources);
  sources.forEach(({ lines }, i) => {
    for (const key of findPrivateKeys(lines)) {
      all[i]!.push({
        kind: 'private-key',
        title: key.title,
        rule: 'private-key',
        line: key.line,
        spans: key.spans,
        value: key.spans.map((s) => lines[s.line]!.slice(s.start, s.end)).join('\n'),
      });
    }
  });
  return all;
}

/** The secret's offsets in the content: its value from the message data, found at the reported line. */
function locate(
  message: SecretLintCoreResultMessage,
  content: string,
  lines: readonly string[],
): { start: number; end: number; value: string } | null {
  const data = (message.data ?? {}) as Record<string, unknown>;
  let lineStart = 0;
  for (let i = 0; i < message.loc.start.line - 1 && i < lines.length; i++) lineStart += lines[i]!.length + 1;
  for (const key of VALUE_KEYS) {
    const value = data[key];
    if (typeof value !== 'string' || value === '') continue;
    const at = content.indexOf(value, Math.min(lineStart, message.range[0]));
    if (at >= 0) return { start: at, end: at + value.length, value };
  }
  const [start, end] = message.range;
  if (end <= start) return null;
  return { start, end, value: content.slice(start, end) };
}

/** The pattern rule says "found matching <pattern name>: <match>"; the name is the kind. */
function patternName(message: SecretLintCoreResultMessage): [string, string] {
  const name = /^found matching (.+?): /.exec(message.message)?.[1] ?? 'secret';
  return [name, EXTRA_KINDS[name] ?? 'Secret'];
}

/** "found Foo Bar token: <secret>" → ["foo-bar-token", "Foo Bar token"], without the secret. */
function fallbackName(message: SecretLintCoreResultMessage, value: string): [string, string] {
  const text = message.message.split(value).join('');
  const colon = text.indexOf(':');
  const title = (colon >= 0 ? text.slice(0, colon) : text).replace(/^found\s+/i, '').trim() || 'Secret';
  const kind =
    message.ruleId
      .replace(/^@secretlint\/secretlint-rule-/, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase() || 'secret';
  return [kind, title.slice(0, 80)];
}

/** Enough of a secret to recognise it, never enough to use it: `ghp_…(40 characters)`. */
export function maskSecret(value: string): string {
  const firstLine = value.split('\n')[0] ?? '';
  const shown = firstLine.length >= 16 ? firstLine.slice(0, 4) : '';
  return `${shown}…(${value.length} characters)`;
}
