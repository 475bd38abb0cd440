// Credentials secretlint's recommended preset (v12, the last for Node 20) does not know, found with
// secretlint's own pattern rule (@secretlint/secretlint-rule-pattern) rather than a scanner of ours.
// Each pattern matches the secret alone (a lookbehind holds the context), so redaction replaces
// just the value and keeps the code around it.

export const PATTERN_RULE = '@secretlint/secretlint-rule-pattern';

/** A pattern's name is the redaction kind; its title is what the report says. */
export const EXTRA_KINDS: Readonly<Record<string, string>> = {
  'stripe-live-key': 'Stripe live secret key',
  'google-api-key': 'Google API key',
  'generic-secret': 'Password, secret or token assigned in code',
  'env-file-secret': 'Secret in an environment (.env) file',
};

/** The `.env` files of any name: `.env`, `.env.production`, `prod.env`; examples and templates excepted. */
export const ENV_FILE_GLOBS: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '!**/*.example',
  '!**/*.sample',
  '!**/*.template',
  '!**/*.dist',
];

const SECRET_WORDS =
  '(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|private[_-]?key)';

// The .env pattern comes first: a value both match is reported once, as the more specific kind.
export const EXTRA_PATTERNS = [
  { name: 'stripe-live-key', patterns: ['/(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9a-zA-Z]{24,247}(?![0-9a-zA-Z])/'] },
  { name: 'google-api-key', patterns: ['/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/'] },
  {
    // In a .env file, any value of a variable whose name says it is secret, quoted or not.
    name: 'env-file-secret',
    filePathGlobs: [...ENV_FILE_GLOBS],
    patterns: [`/(?<=^[ \\t]*(?:export[ \\t]+)?[A-Za-z0-9_]*${SECRET_WORDS}[A-Za-z0-9_]*[ \\t]*=[ \\t]*["']?)[^\\s"'#]{8,500}/gim`],
  },
  {
    // A quoted literal assigned to a name that says it is secret: `password = "…"`, `"apiKey": "…"`.
    name: 'generic-secret',
    patterns: [`/(?<=\\b[A-Za-z0-9_.-]*${SECRET_WORDS}[A-Za-z0-9_.-]*["']?\\s*(?::|=|:=|=>)\\s*["'\`])[^"'\`\\s]{12,200}(?=["'\`])/i`],
  },
] as const;

/** Shannon entropy of a string, bits per character. */
export function entropy(text: string): number {
  if (text === '') return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Generic matches need to look random: `password = "correct-horse"` in a test, a reference such as
 * `token: "process.env.TOKEN"` or a placeholder like `"xxxxxxxxxxxxxxxx"` is not a leaked secret.
 */
export function looksRandom(kind: string, value: string): boolean {
  if (kind !== 'generic-secret' && kind !== 'env-file-secret') return true;
  if (/^(?:process\.env|os\.environ|env\.|\$\{?|<|%|\{\{)/i.test(value)) return false;
  if (/(?:changeme|change_me|your[_-]|placeholder|example|dummy|redacted)/i.test(value)) return false;
  return entropy(value) >= (kind === 'generic-secret' ? 3.5 : 3.0);
}
