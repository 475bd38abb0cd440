// Configuration files get committed. An API key written into one leaks with the first push, so any key
// or value that looks like a credential is refused before anything else, and the value is never echoed.
import { ConfigError } from '../errors.js';

/** Well-known credential shapes; deliberately specific so globs, regexes and prose do not trip them. */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{16,}/, // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-)
  /\bgh[pousr]_[A-Za-z0-9]{20,}/,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bglpat-[A-Za-z0-9_-]{20,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bAIza[0-9A-Za-z_-]{35}/,
  /\bhf_[A-Za-z0-9]{20,}/,
  /\bgsk_[A-Za-z0-9]{20,}/,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, // credentials inside a URL
];

export function looksLikeSecret(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

const SECRET_KEY_NAMES = new Set(['key', 'password', 'passwd', 'authorization', 'auth', 'bearer', 'credentials']);

/** True for `apiKey`, `api_key`, `openaiApiKey`, `token`, `accessToken`, `secret`... but not `apiKeyEnv` or `maxPushTokens`. */
export function looksLikeSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_NAMES.has(k) || k.endsWith('apikey') || k.endsWith('token') || k.endsWith('secret') || k.endsWith('secretkey');
}

/** The path segments under which object keys are user-chosen names (check names, model names), not settings. */
function keysAreNames(path: readonly (string | number)[]): boolean {
  return path.length === 1 && (path[0] === 'checks' || path[0] === 'pricing');
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(top level)' : out;
}

const FIX = "Put the key in an environment variable (OPENAI_API_KEY by default) and set `apiKeyEnv` to that variable's name.";
const HINT = 'Remove it from the file, and rotate the key if the file was ever committed or pushed.';

/** Throws a ConfigError, without the value, at the first credential-like key or value in `raw`. */
export function refuseSecrets(raw: unknown, file: string): void {
  // A .js config can build objects that refer to themselves.
  const seen = new Set<object>();
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return;
      seen.add(value);
    }
    if (typeof value === 'string') {
      if (!looksLikeSecret(value)) return;
      const where = formatPath(path);
      const message =
        where === 'apiKeyEnv'
          ? `${file}: \`apiKeyEnv\` holds what looks like an API key itself. It must be the NAME of the environment variable that holds the key (for example OPENAI_API_KEY), never the key. ${FIX}`
          : `${file}: \`${where}\` looks like a secret (an API key, token or password). Secrets do not belong in a configuration file that gets committed. ${FIX}`;
      throw new ConfigError(message, file, { hint: HINT });
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (!keysAreNames(path) && looksLikeSecretKey(key)) {
          const where = formatPath([...path, key]);
          throw new ConfigError(
            `${file}: \`${where}\` looks like an API key or token setting. The configuration file must not hold credentials. ${FIX}`,
            file,
            { hint: HINT },
          );
        }
        visit(child, [...path, key]);
      }
    }
  };
  visit(raw, []);
}
