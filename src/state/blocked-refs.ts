// The last blocked review of each pushed ref: when it happened and the fingerprints of the findings
// that blocked it. A `Review-Override:` trailer answers that review and no other (see
// policy/overrides.ts), so it cannot outlive its reason. Kept under the common git dir.
import { statePaths } from './paths.js';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Finding } from '../domain/types.js';

export interface BlockedReview {
  /** When the push was blocked (ISO 8601). */
  at: string;
  head: string;
  /** Fingerprints of the findings that blocked it (empty when only a failed model review did). */
  fingerprints: string[];
}

export type BlockedRefs = Record<string, BlockedReview>;

/** The recorded blocks; an absent or damaged file reads as none (a trailer then needs a new block). */
export async function readBlockedRefs(commonDir: string): Promise<BlockedRefs> {
  try {
    const value = JSON.parse(await readFile(statePaths(commonDir).blockedRefs, 'utf8')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: BlockedRefs = {};
    for (const [ref, entry] of Object.entries(value as Record<string, unknown>)) {
      const e = entry as Partial<BlockedReview> | null;
      if (e && typeof e.at === 'string' && typeof e.head === 'string' && Array.isArray(e.fingerprints)) {
        out[ref] = { at: e.at, head: e.head, fingerprints: e.fingerprints.filter((f): f is string => typeof f === 'string') };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** Records a block of these refs, replacing their earlier ones. Throws on a write failure (the caller warns). */
export async function recordBlockedRefs(
  commonDir: string,
  refs: ReadonlyArray<{ ref: string; head: string }>,
  blocking: readonly Finding[],
  now: Date,
): Promise<void> {
  const current = await readBlockedRefs(commonDir);
  const fingerprints = [...new Set(blocking.map(findingFingerprint))];
  for (const { ref, head } of refs) current[ref] = { at: now.toISOString(), head, fingerprints };
  await mkdir(dirname(statePaths(commonDir).blockedRefs), { recursive: true });
  await writeAtomically(statePaths(commonDir).blockedRefs, `${JSON.stringify(current, null, 2)}\n`);
}

export function findingFingerprint(finding: Pick<Finding, 'file' | 'category' | 'title' | 'code' | 'allowedByConfig'>): string {
  return fingerprintOf({
    file: finding.file,
    category: finding.category,
    title: finding.title,
    code: finding.code ?? null,
    allowedByConfig: finding.allowedByConfig,
  });
}
