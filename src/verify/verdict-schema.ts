// The shape of a verification answer: one verdict per finding asked about. One zod schema validates
// it, and the JSON schema derived from it is what structured output sends (every key required,
// as OpenAI's strict mode wants).
import * as z from 'zod';

export const VERDICTS = ['confirm', 'reject'] as const;

export const verdictSchema = z.object({
  /** The finding's id as the request gave it (C1, I2 …). */
  id: z.string(),
  verdict: z.enum(VERDICTS),
  reason: z.string(),
});

export const verificationAnswerSchema = z.object({
  verdicts: z.array(verdictSchema),
});

export type FindingVerdict = z.infer<typeof verdictSchema>;

export const VERIFY_FORMAT_NAME = 'finding_verification';

/** The `response_format` for json_schema mode. */
export function verificationResponseFormat(): {
  type: 'json_schema';
  json_schema: { name: string; strict: true; schema: Record<string, unknown> };
} {
  const schema = z.toJSONSchema(verificationAnswerSchema, { target: 'draft-7' }) as Record<string, unknown>;
  delete schema.$schema;
  return { type: 'json_schema', json_schema: { name: VERIFY_FORMAT_NAME, strict: true, schema } };
}
