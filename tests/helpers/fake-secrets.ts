// Secret-shaped test values, assembled at run time so this repository never holds a literal secret
// (and its own secret scanning, or a host's push protection, has nothing to flag). None is real.
const join = (...parts: string[]): string => parts.join('');

export const FAKE = {
  githubToken: join('gh', 'p_', 'R7mQ2xLp9ZaT4vNc8WbE', '1yKd6HsJ3fUg5oIq'),
  awsAccessKeyId: join('AK', 'IA', 'QYLPMN5HHHFPZAM2'),
  awsSecretAccessKey: join('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'ZZQ9TRKEY8'),
  slackToken: join('xo', 'xb-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'),
  openaiKey: join('s', 'k-', 'Ab3dEf5hIj7lMn9pQr1t', 'T3Blbk', 'FJ', 'Uv2xYz4bCd6fGh8jKl0n'),
  basicAuthPassword: join('hunter', '2-', 'Correct', 'Horse'),
  stripeLiveKey: join('sk', '_live_', '51HqLyjWDarjtT1zdp7dc', 'aZ3Kx9QmVb'),
  googleApiKey: join('AI', 'za', 'SyD-9tSrke72PouQMnMX', '-a7eZSW0jkFMBWY'),
  /** A random-looking value for generic `password = "…"` and .env assignments. */
  genericSecret: join('q8Zr', '!pK2vX', '7mNw4Lb', '9sTj'),
  /** A key body of realistic length (secretlint's own rule needs 100+ characters). */
  pemBody: Array.from({ length: 6 }, (_, i) => join('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', String(i), 'BKcwggSjAgEAAoIBAQC7VJTUt9Us8cK')),
};

export function basicAuthUrl(): string {
  return `https://deploy:${FAKE.basicAuthPassword}@db.internal.example.com/app`;
}

/** A PEM private key: armour lines plus FAKE.pemBody, or a short body when `short`. */
export function pemKey(type = 'RSA ', short = false): string {
  const body = short ? ['MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu'] : FAKE.pemBody;
  return [`-----BEGIN ${type}PRIVATE KEY-----`, ...body, `-----END ${type}PRIVATE KEY-----`].join('\n');
}
