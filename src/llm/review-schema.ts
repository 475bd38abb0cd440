// The shape of the model's answer: one zod schema validates it, and the JSON schema derived from it
// is what structured output sends. Every key is required and nullable where a value may be absent,
// because OpenAI's strict mode rejects optional keys.
import { CATEGORIES, MODEL_VERDICTS, REQUIREMENT_STATUSES, SEVERITIES } from '../domain/lists.js';
import * as z from 'zod';
import type { ModelReview } from '../domain/types.js';

const lineNumber = z.number().int().positive();

export const findingSchema = z.object({
  severity: z.enum(SEVERITIES),
  category: z.enum(CATEGORIES),
  file: z.string().nullable(),
  line: lineNumber.nullable(),
  endLine: lineNumber.nullable(),
  /** The cited line as the model read it, so the location check can find it if the number is off. */
  quote: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
});

export const requirementSchema = z.object({
  requirement: z.string(),
  status: z.enum(REQUIREMENT_STATUSES),
  evidence: z.string(),
});

export const reviewSchema = z.object({
  summary: z.string(),
  findings: z.array(findingSchema),
  strengths: z.array(z.string()),
  requirements: z.array(requirementSchema),
  verdict: z.enum(MODEL_VERDICTS),
});

export type ReviewFinding = z.infer<typeof findingSchema>;
/** A validated answer: a ModelReview whose findings also carry the model's quote of the cited line. */
export type ReviewAnswer = z.infer<typeof reviewSchema>;

// Compile-time check that the schema stays in step with the pipeline's ModelReview type.
const assignable = (answer: ReviewAnswer): ModelReview => answer;
void assignable;

export const RESPONSE_FORMAT_NAME = 'code_review';

/** JSON Schema as structured output wants it: no $schema, and no integer bounds (some compatible servers reject minimum/maximum). */
export function reviewJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(reviewSchema, { target: 'draft-7' }) as Record<string, unknown>;
  delete schema.$schema;
  return stripBounds(schema) as Record<string, unknown>;
}

function stripBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripBounds);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'minimum' || key === 'maximum' || key === 'exclusiveMinimum' || key === 'exclusiveMaximum') continue;
    out[key] = stripBounds(value);
  }
  return out;
}

/** The `response_format` for json_schema mode. */
export function jsonSchemaResponseFormat(): {
  type: 'json_schema';
  json_schema: { name: string; strict: true; schema: Record<string, unknown> };
} {
  return { type: 'json_schema', json_schema: { name: RESPONSE_FORMAT_NAME, strict: true, schema: reviewJsonSchema() } };
}
