// Marks the findings the acknowledgements file covers. Pure. Policy then never blocks on them.
import { fingerprintOf } from '../findings/fingerprint.js';
import { formatLocation, oneLine } from '../report/format.js';
import type { Acknowledgement, Finding } from '../domain/types.js';
import { isExpired, type AckEntry } from './ack-file.js';

export interface AppliedAcks {
  /** Every finding, with `acknowledgement` set (null when no live entry matches). */
  findings: Finding[];
  /** A sentence per finding whose entry has expired, so the report says why it counts again. */
  expired: string[];
}

export function applyAcks(findings: readonly Finding[], entries: readonly AckEntry[], now: Date): AppliedAcks {
  const byFingerprint = new Map(entries.map((e) => [e.fingerprint, e]));
  const expired: string[] = [];
  const marked = findings.map((finding) => {
    const entry = byFingerprint.get(fingerprintOf(finding));
    if (!entry) return { ...finding, acknowledgement: null };
    if (isExpired(entry, now)) {
      expired.push(
        `${finding.id} ${formatLocation(finding)} ${oneLine(finding.title)}: acknowledged by ${entry.by || 'someone'} on ${entry.at.slice(0, 10)} ` +
          `("${oneLine(entry.reason)}"), expired on ${entry.expires}; it counts again`,
      );
      return { ...finding, acknowledgement: null };
    }
    return { ...finding, acknowledgement: acknowledgementOf(entry) };
  });
  return { findings: marked, expired };
}

export function acknowledgementOf(entry: AckEntry): Acknowledgement {
  return { reason: entry.reason, by: entry.by, at: entry.at, expires: entry.expires };
}
