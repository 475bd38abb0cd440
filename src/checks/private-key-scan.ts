// Finds private keys by their armour: PEM (`-----BEGIN … PRIVATE KEY-----`, which covers OpenSSH,
// PKCS#1/#8, EC, encrypted and PGP blocks), SSH2 (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) and
// PuTTY key files. secretlint's rule wants a body of 100+ characters between BEGIN and END, so a
// short or truncated key, or one whose END line is elsewhere, would get past it. Pure and sync.
//
// A header with no key material after it (code that looks for keys, documentation) is not a key:
// the header must be followed on its line or the next one by base64 text, or by an END marker.
import type { Span } from './spans.js';

export interface PrivateKeyHit {
  /** Index of the header line in the scanned lines. */
  line: number;
  /** "RSA private key", "OpenSSH private key", "PuTTY private key"… */
  title: string;
  /** The header line's marker, which an allow-list pattern may match. */
  header: string;
  /** The key material: what must be redacted (the armour lines themselves are not secret). */
  spans: Span[];
}

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const SSH2_BEGIN = /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/;
const SSH2_END = /---- END SSH2 ENCRYPTED PRIVATE KEY ----/;
const PUTTY = /PuTTY-User-Key-File-\d+: *\S*/;
/** Base64 key material somewhere in a text. */
const MATERIAL = /[A-Za-z0-9+/=]{16,}/;
/**
 * A line of key body: base64 only, perhaps inside a string literal with escaped newlines, a
 * trailing comma or a `+` that joins literals.
 */
const BODY_LINE = /^\s*["'`]?(?:\\[nr])*[A-Za-z0-9+/=]{16,}(?:\\[nr])*["'`]?\s*[,;+]?\s*$/;
/** Key material right after the header on the same line, after an escaped newline. */
const REST_MATERIAL = /^(?:\\[nr])+\s*[A-Za-z0-9+/=]{16,}/;
/** A header field inside the armour (encrypted PEM, PGP). */
const PEM_FIELD = /^\s*(?:Proc-Type|DEK-Info|Version|Comment|Hash|Subject|x-[A-Za-z-]*):/;
/** Lines searched for the END marker. A 16384-bit RSA key is about 200 lines of base64. */
const MAX_BODY = 250;

export function findPrivateKeys(lines: readonly string[]): PrivateKeyHit[] {
  const hits: PrivateKeyHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const pem = PEM_BEGIN.exec(text) ?? SSH2_BEGIN.exec(text);
    if (pem) {
      const hit = armoured(lines, i, pem, pem[0].startsWith('-----') ? PEM_END : SSH2_END);
      if (hit) {
        hits.push(hit.hit);
        i = hit.last;
      }
      continue;
    }
    const putty = PUTTY.exec(text);
    if (putty) {
      const hit = puttyKey(lines, i, putty[0]);
      if (hit) {
        hits.push(hit.hit);
        i = hit.last;
      }
    }
  }
  return hits;
}

function titleOf(words: string, block: boolean): string {
  const type = words.trim();
  if (block || type === 'PGP') return 'PGP private key';
  if (type === '') return 'Private key';
  if (type === 'OPENSSH') return 'OpenSSH private key';
  if (type === 'ENCRYPTED') return 'Encrypted private key';
  if (type === 'SSH2 ENCRYPTED') return 'SSH2 private key';
  return `${type} private key`;
}

function armoured(
  lines: readonly string[],
  start: number,
  begin: RegExpExecArray,
  endMarker: RegExp,
): { hit: PrivateKeyHit; last: number } | null {
  const text = lines[start]!;
  const after = begin.index + begin[0].length;
  const title = begin[0].startsWith('---- ') ? 'SSH2 private key' : titleOf(begin[1] ?? '', begin[2] !== undefined);
  const header = begin[0];

  // The whole key on one line: a string literal with escaped newlines, or a JSON credentials file.
  const rest = text.slice(after);
  const sameLineEnd = endMarker.exec(rest);
  if (sameLineEnd) {
    const body = rest.slice(0, sameLineEnd.index);
    if (!MATERIAL.test(body)) return null;
    return { hit: { line: start, title, header, spans: [{ line: start, start: after, end: after + sameLineEnd.index }] }, last: start };
  }

  // Only a header that opens key material counts; code that merely mentions the marker does not.
  if (!REST_MATERIAL.test(rest) && !opensBody(lines, start + 1)) return null;
  const spans: Span[] = [];
  if (REST_MATERIAL.test(rest)) spans.push(trimmedSpan(start, text, after));
  let end = -1;
  for (let j = start + 1; j < lines.length && j <= start + MAX_BODY; j++) {
    if (endMarker.test(lines[j]!)) {
      end = j;
      break;
    }
  }
  const last = end >= 0 ? end - 1 : Math.min(lines.length - 1, start + MAX_BODY);
  for (let j = start + 1; j <= last; j++) {
    const line = lines[j]!;
    // Without an END marker only lines that look like key material belong to the key.
    if (end < 0 && !BODY_LINE.test(line) && !PEM_FIELD.test(line)) break;
    if (line.trim() !== '') spans.push(trimmedSpan(j, line, 0));
  }
  // The END line's text before the marker can be the tail of the body (`…AB==-----END`).
  if (end >= 0) {
    const marker = endMarker.exec(lines[end]!)!;
    const before = lines[end]!.slice(0, marker.index);
    if (MATERIAL.test(before)) spans.push(trimmedSpan(end, before, 0));
  }
  if (spans.length === 0) return null;
  return { hit: { line: start, title, header, spans }, last: end >= 0 ? end : spans[spans.length - 1]!.line };
}

/** Whether the first non-blank line at or after `from` (blank lines allowed: PGP armour) is key material. */
function opensBody(lines: readonly string[], from: number): boolean {
  for (let j = from; j < lines.length && j < from + 3; j++) {
    const line = lines[j]!;
    if (line.trim() === '') continue;
    return BODY_LINE.test(line) || PEM_FIELD.test(line);
  }
  return false;
}

function puttyKey(lines: readonly string[], start: number, header: string): { hit: PrivateKeyHit; last: number } | null {
  const spans: Span[] = [];
  let sawPrivate = false;
  for (let j = start + 1; j < lines.length && j <= start + MAX_BODY; j++) {
    const line = lines[j]!;
    if (line.trim() !== '') spans.push(trimmedSpan(j, line, 0));
    if (/^\s*Private-Lines:/.test(line)) sawPrivate = true;
    if (/^\s*Private-MAC:/.test(line)) {
      if (!sawPrivate) return null;
      return { hit: { line: start, title: 'PuTTY private key', header, spans }, last: j };
    }
  }
  // No MAC line: still a key if its private part is there.
  if (!sawPrivate) return null;
  return { hit: { line: start, title: 'PuTTY private key', header, spans }, last: spans[spans.length - 1]!.line };
}

/** The span of a line's text from `from`, without surrounding blanks. */
function trimmedSpan(line: number, text: string, from: number): Span {
  let start = from;
  let end = text.length;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { line, start, end };
}
