// What the verify stage stores in the review cache: the verdicts of each request, in order. Pure.
import type { TokenUsage } from '../domain/usage.js';
import { verdictSchema, type FindingVerdict } from './verdict-schema.js';

export interface CachedVerification {
  /** The verdicts each request answered, in request order. */
  verdicts: FindingVerdict[][];
  /** What the verification cost when it was asked; a hit itself costs nothing. */
  usage: TokenUsage;
  verifiedAt: string;
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validates an entry read from disk: anything else (another layout, hand-edited) is a miss. */
export function isCachedVerification(value: unknown): value is CachedVerification {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const usage = v.usage as Record<string, unknown> | null | undefined;
  return (
    Array.isArray(v.verdicts) &&
    v.verdicts.length > 0 &&
    v.verdicts.every((answer) => Array.isArray(answer) && answer.every((verdict) => verdictSchema.safeParse(verdict).success)) &&
    typeof usage === 'object' &&
    usage !== null &&
    count(usage.requests) &&
    count(usage.promptTokens) &&
    count(usage.completionTokens) &&
    typeof v.verifiedAt === 'string'
  );
}
