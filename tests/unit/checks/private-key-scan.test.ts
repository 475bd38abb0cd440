import { describe, expect, test } from 'vitest';
import { findPrivateKeys } from '../../../src/checks/private-key-scan.js';
import { FAKE, pemKey } from '../../helpers/fake-secrets.js';

const covered = (lines: string[], hit: ReturnType<typeof findPrivateKeys>[number]) =>
  hit.spans.map((s) => lines[s.line]!.slice(s.start, s.end)).join('\n');

describe('findPrivateKeys', () => {
  const keys: Array<{ name: string; lines: string[]; title: string; line: number }> = [
    { name: 'PKCS#1 RSA', lines: ['x', ...pemKey('RSA ').split('\n')], title: 'RSA private key', line: 1 },
    { name: 'PKCS#8', lines: pemKey('').split('\n'), title: 'Private key', line: 0 },
    { name: 'short EC key (too short for secretlint)', lines: pemKey('EC ', true).split('\n'), title: 'EC private key', line: 0 },
    { name: 'OpenSSH', lines: pemKey('OPENSSH ').split('\n'), title: 'OpenSSH private key', line: 0 },
    { name: 'encrypted', lines: pemKey('ENCRYPTED ').split('\n'), title: 'Encrypted private key', line: 0 },
    {
      name: 'PGP block with armour headers',
      lines: ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'Version: GnuPG v2', '', ...FAKE.pemBody, '-----END PGP PRIVATE KEY BLOCK-----'],
      title: 'PGP private key',
      line: 0,
    },
    {
      name: 'SSH2',
      lines: [
        '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----',
        'Comment: "rsa-key"',
        ...FAKE.pemBody,
        '---- END SSH2 ENCRYPTED PRIVATE KEY ----',
      ],
      title: 'SSH2 private key',
      line: 0,
    },
    {
      name: 'PuTTY',
      lines: [
        'PuTTY-User-Key-File-3: ssh-ed25519',
        'Encryption: none',
        'Comment: k',
        'Public-Lines: 2',
        FAKE.pemBody[0]!,
        FAKE.pemBody[1]!,
        'Private-Lines: 1',
        FAKE.pemBody[2]!,
        'Private-MAC: 0123456789abcdef0123456789abcdef',
      ],
      title: 'PuTTY private key',
      line: 0,
    },
    {
      name: 'one line with escaped newlines (JSON credentials)',
      lines: [`  "private_key": "${pemKey('', true).replace(/\n/g, '\\n')}\\n",`],
      title: 'Private key',
      line: 0,
    },
    {
      name: 'a string literal per line',
      lines: [
        'const key =',
        '  "-----BEGIN RSA PRIVATE KEY-----\\n" +',
        `  "${FAKE.pemBody[0]}\\n" +`,
        `  "${FAKE.pemBody[1]}\\n" +`,
        '  "-----END RSA PRIVATE KEY-----\\n";',
      ],
      title: 'RSA private key',
      line: 1,
    },
    {
      name: 'no END line (truncated paste)',
      lines: ['-----BEGIN RSA PRIVATE KEY-----', ...FAKE.pemBody.slice(0, 2), 'more code();'],
      title: 'RSA private key',
      line: 0,
    },
  ];

  test.each(keys)('finds a $name key', ({ lines, title, line }) => {
    const hits = findPrivateKeys(lines);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.title).toBe(title);
    expect(hits[0]!.line).toBe(line);
    const text = covered(lines, hits[0]!);
    // The key material is covered, the armour is not.
    expect(text).toMatch(/MII|[A-Za-z0-9+/]{16}/);
    expect(text).not.toContain('-----BEGIN');
  });

  test('a truncated paste stops at the first line that is not key material', () => {
    const lines = ['-----BEGIN RSA PRIVATE KEY-----', ...FAKE.pemBody.slice(0, 2), 'more code();'];
    const [hit] = findPrivateKeys(lines);
    expect(hit!.spans.map((s) => s.line)).toEqual([1, 2]);
  });

  const notKeys: Array<{ name: string; lines: string[] }> = [
    {
      name: 'code that looks for the marker',
      lines: [
        "if (text.startsWith('-----BEGIN RSA PRIVATE KEY-----')) {",
        '  return parse(text);',
        '}',
        "const end = '-----END RSA PRIVATE KEY-----';",
      ],
    },
    { name: 'a regular expression', lines: ['const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;'] },
    { name: 'an empty armour', lines: ['-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----'] },
    { name: 'a public key', lines: ['-----BEGIN PUBLIC KEY-----', ...FAKE.pemBody, '-----END PUBLIC KEY-----'] },
    { name: 'a certificate', lines: ['-----BEGIN CERTIFICATE-----', ...FAKE.pemBody, '-----END CERTIFICATE-----'] },
    { name: 'PuTTY docs without a private part', lines: ['PuTTY-User-Key-File-3: is the first line of a key file', 'and so on'] },
  ];
  test.each(notKeys)('does not flag $name', ({ lines }) => {
    expect(findPrivateKeys(lines)).toEqual([]);
  });

  test('two keys in one file are two hits', () => {
    const lines = [...pemKey('RSA ').split('\n'), 'between', ...pemKey('EC ', true).split('\n')];
    expect(findPrivateKeys(lines).map((h) => h.title)).toEqual(['RSA private key', 'EC private key']);
  });
});
