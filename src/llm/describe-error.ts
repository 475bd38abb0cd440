// Turns a failed request into a message that names the cause and what to do. Messages never carry
// the API key: servers sometimes echo it, so every message is scrubbed.
import type { APIError } from 'openai';
import type { AttemptLog, Deadline } from './deadline.js';

export interface FailureContext {
  /** The endpoint, already without credentials. */
  where: string;
  deadline: Deadline;
  log: AttemptLog;
  maxRetries: number;
  keyEnv: string;
  secret: string | null;
  /** The SDK's error classes (its errors are all named "Error", so instanceof is the only test). */
  classes: Pick<typeof import('openai'), 'APIConnectionError' | 'APIConnectionTimeoutError'>;
}

export interface Failure {
  message: string;
  hint?: string;
  cause: unknown;
}

interface ApiErrorLike {
  status?: number;
  code?: string | null;
  message: string;
}

export function describeFailure(error: unknown, ctx: FailureContext): Failure {
  const cause = scrubError(error, ctx.secret);
  const seconds = ctx.deadline.seconds;
  if (ctx.log.connectionError !== null && !ctx.deadline.cancelled) {
    const late = ctx.deadline.expired
      ? ` (still failing when the ${seconds}s ran out)`
      : ctx.deadline.gaveUp
        ? ` (no time left within ${seconds}s to retry)`
        : '';
    return {
      message: `could not connect to ${ctx.where}: ${connectionReason(ctx.log.connectionError)}${late}`,
      hint: 'check that the server is running and that baseURL (or OPENAI_BASE_URL) points at it',
      // After giving up, the SDK throws a bare abort error; the connection error says more.
      cause: error instanceof ctx.classes.APIConnectionError ? cause : scrubError(ctx.log.connectionError, ctx.secret),
    };
  }
  if (ctx.deadline.expired) {
    return {
      message: `timed out after ${seconds}s waiting for the model at ${ctx.where}`,
      hint: 'raise timeoutSeconds, or review a smaller change',
      cause,
    };
  }
  if (ctx.deadline.cancelled) return { message: 'the model review was cancelled', cause };

  const err = (error ?? {}) as ApiErrorLike;
  if (error instanceof ctx.classes.APIConnectionTimeoutError) {
    return { message: `timed out after ${seconds}s waiting for the model at ${ctx.where}`, hint: 'raise timeoutSeconds', cause };
  }
  if (error instanceof ctx.classes.APIConnectionError) {
    return {
      message: `could not connect to ${ctx.where}: ${connectionReason(error)}`,
      hint: 'check that the server is running and that baseURL (or OPENAI_BASE_URL) points at it',
      cause,
    };
  }

  const status = typeof err.status === 'number' ? err.status : null;
  const rawMessage = stripStatus(String(err.message ?? ''));
  // A proxy, captive portal or wrong baseURL answers with a web page; its markup helps nobody.
  const server = looksLikeHtml(rawMessage) ? htmlInsteadOfJson(rawMessage) : clip(scrubSecret(rawMessage, ctx.secret), 300);
  const retries = Math.max(0, ctx.log.attempts - 1);
  const afterRetries = `after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
  if (status === 429) {
    if (err.code === 'insufficient_quota') {
      return { message: `quota exceeded (429 insufficient_quota): ${server}`, hint: "check the account's plan and billing", cause };
    }
    if (ctx.log.gaveUpWaitMs !== null) {
      return {
        message: `rate limited (429): the server asks to wait ${Math.ceil(ctx.log.gaveUpWaitMs / 1000)}s, longer than the time left (timeoutSeconds ${seconds})`,
        hint: 'try again later',
        cause,
      };
    }
    return { message: `rate limited (429) ${afterRetries}: ${server}`, hint: 'try again later, or raise maxRetries', cause };
  }
  if (status === 401) {
    return { message: `authentication failed (401): ${server}`, hint: `check the key in ${ctx.keyEnv}`, cause };
  }
  if (status === 403)
    return { message: `access denied (403): ${server}`, hint: `check the key in ${ctx.keyEnv} and its permissions`, cause };
  if (status === 404) {
    return {
      message: `not found (404) at ${ctx.where}: ${server}`,
      hint: 'check the model name, and that baseURL ends where the API starts (usually /v1)',
      cause,
    };
  }
  if (status === 400 || status === 422) return { message: `request rejected (${status}): ${server}`, cause };
  if (status !== null && status >= 500) {
    const stopped = ctx.log.gaveUpWaitMs !== null ? ' (no time left to retry)' : '';
    return {
      message: `server error ${status} ${afterRetries}${stopped}: ${server}`,
      hint: 'the endpoint is failing; try again later',
      cause,
    };
  }
  if (status !== null) return { message: `unexpected response ${status}: ${server}`, cause };
  return { message: `model request failed: ${clip(scrubSecret(String(err.message ?? error), ctx.secret), 300)}`, cause };
}

/** System error codes a connection fails with, in words; the code stays in brackets for searching. */
const CONNECTION_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing is listening there)',
  ENOTFOUND: 'unknown host (the name does not resolve)',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS lookup failed)',
  ECONNRESET: 'the connection was reset by the server',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the server closed the connection',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
};

/**
 * Codes of a connection that was never made (refused, no such host, no route, no TLS handshake):
 * the request never reached the server, so it was not sent and cannot be billed. A reset, a timeout
 * or a closed socket may come after the request went out, so they are not listed.
 */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether a failed fetch never connected (its cause chain carries one of NEVER_CONNECTED's codes). */
export function neverConnected(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const node = current as { code?: unknown; cause?: unknown };
    if (typeof node.code === 'string' && NEVER_CONNECTED.has(node.code)) return true;
    current = node.cause;
  }
  return false;
}

/** "connection refused (nothing is listening there) [ECONNREFUSED]"; an unknown code as it is. */
export function describeConnectionCode(code: string): string {
  const words = CONNECTION_WORDS[code];
  return words === undefined ? code : `${words} [${code}]`;
}

/** The innermost useful reason: ECONNREFUSED, ENOTFOUND, a certificate error, "bad port" … in words. */
function connectionReason(error: unknown): string {
  let reason = 'connection failed';
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const node = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof node.code === 'string' && node.code !== '') return describeConnectionCode(node.code);
    if (typeof node.message === 'string' && node.message !== '' && !/^(Connection error\.|fetch failed)$/.test(node.message)) {
      reason = node.message;
    }
    current = node.cause;
  }
  return reason;
}

/** The SDK prefixes messages with the status ("429 Rate limit reached"); the caller names it. */
function stripStatus(message: string): string {
  return message.replace(/^\d{3}\s+/, '').trim() || '(no message)';
}

/** Removes the key, bearer tokens, and credentials or queries from any URL in the text. */
export function scrubSecret(text: string, secret: string | null): string {
  let out = text.replace(/(Bearer\s+)[^\s"',]+/gi, '$1[redacted]').replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url));
  if (secret !== null && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * Keeps the SDK error as the cause unless a message in its cause chain carries the key or a URL
 * with credentials; then a copy of the chain with those messages scrubbed.
 */
function scrubError(error: unknown, secret: string | null, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const cause = scrubError(error.cause, secret, depth + 1);
  const message = scrubSecret(error.message, secret);
  if (message === error.message && cause === error.cause) return error;
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  copy.name = error.name;
  const { status, code } = error as { status?: unknown; code?: unknown };
  Object.assign(copy, { status, code });
  return copy;
}

/** The URL without user:password and query (where keys sometimes travel). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid URL)';
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** True when a body is a web page rather than the JSON an API answers with. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml[^>]*>\s*<html)/i.test(text);
}

/** "an HTML page where JSON was expected (title "502 Bad Gateway")" — the page itself is never printed. */
export function htmlInsteadOfJson(text: string): string {
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  return (
    `the server sent an HTML page where JSON was expected${title ? ` (page title "${title.slice(0, 80)}")` : ''}; ` +
    'baseURL may point at a web page, a proxy or a login portal rather than the API'
  );
}

/**
 * The URL with its user, password and every query value replaced by [redacted], for showing a
 * configured baseURL: its shape stays visible, its credentials never are.
 */
export function maskUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '') parsed.username = 'REDACTED';
    if (parsed.password !== '') parsed.password = 'REDACTED';
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, 'REDACTED');
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}

/** What a 400 says was rejected: its message with the server's detail, the parameter and the code. */
export function rejectedFrom(error: APIError): { message: string; param: string | null; code: string | null } {
  const detail = error.error === undefined ? '' : JSON.stringify(error.error);
  return { message: `${error.message} ${detail}`, param: error.param ?? null, code: error.code ?? null };
}
