// Fences for repository text in the prompt. The marker must be one the fenced text cannot contain,
// or a diff could close the fence early and speak as the prompt. It is derived from a hash of the
// text itself (so the same input gives the same prompt, which keeps caching and --print-prompt
// stable), and re-derived if the text happens to contain it anyway.
import { createHash } from 'node:crypto';

export interface Fence {
  open: string;
  close: string;
  /** Wraps text in the fence, on lines of their own. */
  wrap(text: string): string;
}

export function makeFence(texts: readonly string[]): Fence {
  const contains = (token: string): boolean => texts.some((text) => text.includes(token));
  let token = '';
  for (let attempt = 0; token === '' || contains(token); attempt++) {
    const hash = createHash('sha256').update(String(attempt));
    for (const text of texts) hash.update('\0').update(text);
    token = hash.digest('hex').slice(0, 12);
  }
  const open = `<<<DATA-${token}>>>`;
  const close = `<<<END-DATA-${token}>>>`;
  return { open, close, wrap: (text) => `${open}\n${text}\n${close}` };
}
