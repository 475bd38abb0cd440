// The review request's answer: the review schema in json_schema mode, read leniently, or the
// Markdown layout when JSON is not to be had (see parse-review.ts).
import type { AnswerSpec } from './answer-spec.js';
import { parseReview } from './parse-review.js';
import { jsonSchemaResponseFormat, type ReviewAnswer } from './review-schema.js';

/** A review request's answer: the review schema, or the Markdown layout when JSON is not to be had. */
export const reviewSpec: AnswerSpec<ReviewAnswer> = {
  responseFormat: jsonSchemaResponseFormat,
  parse(content, finishReason, refusal) {
    const parsed = parseReview(content, finishReason, refusal);
    return parsed.ok ? { ok: true, value: parsed.review, format: parsed.format } : parsed;
  },
};
