// Turns whatever the model answered into a validated review, or says precisely why it cannot.
// All distrust of the model lives here: the client only moves bytes. This function never throws.
//
// Accepted, in order of preference:
//  1. JSON: the whole answer, a ```json fenced block, or the last complete top-level object in prose.
//     Coercion is limited to what cannot change the meaning (see coerce-review.ts).
//  2. Markdown in the four-group layout (Critical / Important / Minor / Strengths), see markdown-review.ts.
// An answer cut off at the token limit, refused or filtered is never used, even when part of it
// parses: a truncated list could silently drop a Critical finding.
import type { ReviewAnswer } from './review-schema.js';
import { coerceReview, looksLikeReview } from './coerce-review.js';
import { parseMarkdownReview } from './markdown-review.js';

export type ParseResult = { ok: true; review: ReviewAnswer; format: 'json' | 'markdown' } | { ok: false; problem: string };

export function parseReview(content: string | null, finishReason: string | null, refusal: string | null = null): ParseResult {
  try {
    return parseUnsafe(content, finishReason, refusal);
  } catch (error) {
    // A bug in the parser must not crash the push; it is just another unusable answer.
    return { ok: false, problem: `could not parse the answer (${error instanceof Error ? error.message : String(error)})` };
  }
}

function parseUnsafe(content: string | null, finishReason: string | null, refusal: string | null): ParseResult {
  if (refusal !== null && refusal.trim() !== '') {
    return { ok: false, problem: `the model refused: ${clip(refusal.trim(), 200)}` };
  }
  if (finishReason === 'length') {
    return { ok: false, problem: 'the answer was cut off at the output token limit (finish_reason "length")' };
  }
  if (finishReason === 'content_filter') {
    return { ok: false, problem: 'the answer was withheld by the content filter (finish_reason "content_filter")' };
  }
  const text = (content ?? '').replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: false, problem: 'the answer was empty' };

  let jsonProblem: string | null = null;
  for (const candidate of jsonCandidates(text)) {
    const value = parseJsonLeniently(candidate);
    if (value === undefined || !looksLikeReview(value)) continue;
    const result = coerceReview(value);
    if (result.ok) return { ok: true, review: result.review, format: 'json' };
    jsonProblem ??= result.problem;
  }

  const markdown = parseMarkdownReview(text);
  if (markdown !== null) return { ok: true, review: markdown, format: 'markdown' };

  if (jsonProblem !== null) return { ok: false, problem: `the JSON answer does not match the review schema: ${jsonProblem}` };
  return {
    ok: false,
    problem: `the answer is neither a JSON review nor the Markdown review layout (it starts: ${JSON.stringify(clip(text, 80))})`,
  };
}

/** Places JSON may hide in an answer, most likely first. */
export function jsonCandidates(text: string): string[] {
  const candidates: string[] = [];
  if (text.startsWith('{')) candidates.push(text);
  const fence = /(```|~~~)[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)\n?[ \t]*\1/g;
  const fenced: string[] = [];
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    const body = (match[3] ?? '').trim();
    if (body.startsWith('{')) fenced.push(body);
  }
  candidates.push(...fenced.reverse());
  candidates.push(...topLevelObjects(text).reverse());
  return [...new Set(candidates)];
}

/** Every balanced top-level {...} in the text, string- and escape-aware, in order of appearance. */
export function topLevelObjects(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"' && depth > 0) inString = true;
    else if (char === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (char === '}' && depth > 0) {
      depth--;
      if (depth === 0) found.push(text.slice(start, i + 1));
    }
  }
  return found;
}

/** JSON.parse, then once more without trailing commas (a common slip of smaller models). */
function parseJsonLeniently(candidate: string): unknown {
  try {
    return JSON.parse(candidate);
  } catch {
    try {
      return JSON.parse(withoutTrailingCommas(candidate));
    } catch {
      return undefined;
    }
  }
}

function withoutTrailingCommas(json: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i] as string;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      out += char;
      continue;
    }
    if (char === '"') inString = true;
    if (char === ',') {
      const next = /^\s*([}\]])/.exec(json.slice(i + 1));
      if (next) continue;
    }
    out += char;
  }
  return out;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
