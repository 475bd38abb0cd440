// Parses what git writes to a pre-push hook's stdin: one `<local ref> SP <local oid> SP <remote ref>
// SP <remote oid>` line per ref being pushed. Pure: no git, no I/O.
import type { RefUpdate } from '../domain/types.js';

export interface ParsedRefLines {
  updates: RefUpdate[];
  /** Non-blank lines that do not have the expected shape, verbatim (without line ending). */
  invalid: string[];
}

const OID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/** True for git's all-zero oid (a new remote ref or a deletion), whatever the hash length. */
export function isZeroOid(oid: string): boolean {
  return /^0+$/.test(oid);
}

/** The ref updates in git's pre-push input; lines that do not parse are ignored (see below). */
export function parseRefLines(text: string): RefUpdate[] {
  return parseRefLinesDetailed(text).updates;
}

/**
 * Splits the lines from the right into four fields, because only the local ref can contain spaces
 * (git passes an unexpandable source such as `HEAD~1` or `my branch^{}` verbatim). Blank lines and
 * CRLF endings are tolerated (a tee'd copy of stdin may have either). Lines that do not parse are
 * returned in `invalid` rather than thrown, so one odd line cannot hide the others.
 */
export function parseRefLinesDetailed(text: string): ParsedRefLines {
  const updates: RefUpdate[] = [];
  const invalid: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const update = parseLine(line);
    if (update) updates.push(update);
    else invalid.push(line);
  }
  return { updates, invalid };
}

function parseLine(line: string): RefUpdate | null {
  const remoteOidAt = line.lastIndexOf(' ');
  if (remoteOidAt <= 0) return null;
  const remoteRefAt = line.lastIndexOf(' ', remoteOidAt - 1);
  if (remoteRefAt <= 0) return null;
  const localOidAt = line.lastIndexOf(' ', remoteRefAt - 1);
  if (localOidAt <= 0) return null;

  const localRef = line.slice(0, localOidAt);
  const localOid = line.slice(localOidAt + 1, remoteRefAt).toLowerCase();
  const remoteRef = line.slice(remoteRefAt + 1, remoteOidAt);
  const remoteOid = line.slice(remoteOidAt + 1).toLowerCase();

  if (localRef.trim() === '' || remoteRef === '') return null;
  if (!OID.test(localOid) || !OID.test(remoteOid)) return null;
  // Both oids come from one repository, so they share a hash algorithm.
  if (localOid.length !== remoteOid.length) return null;
  return { localRef, localOid, remoteRef, remoteOid };
}
