// A finding's fingerprint: what stays the same when the same problem is raised again in a later
// review, so an acknowledgement (or an override) made for it keeps applying. Pure.
//
// It is made of the file, the category, the cited code and the title, each normalised, and never
// of line numbers: code added above the finding moves it, and the model words a title a little
// differently each time ("Line 12: SQL injection!" and "SQL injection"). Numbers are dropped from
// the title for the same reason.
//
// A finding a checks.<name>.allow entry accepted is fingerprinted as "Allowed by config: <title>":
// its title carried that prefix when the recipe was made, and acknowledgements, blocked reviews and
// code-scanning alerts already hold the fingerprints made from it. The title no longer does.
import { createHash } from 'node:crypto';
import { normalizeCode } from './locate-findings.js';
import type { Category } from '../domain/types.js';

export interface FingerprintParts {
  file: string | null;
  category: Category;
  title: string;
  /**
   * The code the finding is about: the text of its cited line in the reviewed file, or the model's
   * own quote when the finding is not located. Null when there is none (task-level findings).
   */
  code?: string | null;
  /** Set when a checks allow-list entry accepted the finding (Finding.allowedByConfig). */
  allowedByConfig?: string | undefined;
}

/** Version of the recipe; a new recipe gives new fingerprints, so old entries never match by accident. */
const RECIPE = 'fp1';
/** What an allowed finding's title began with when the recipe was made; fingerprints still include it. */
export const ALLOWED_TITLE_PREFIX = 'Allowed by config: ';
/** Hex digits kept: 64 bits, ample for the findings of one repository, short enough to read. */
const LENGTH = 16;

/** Lower case, letters only: punctuation and numbers become spaces, runs of spaces fold into one. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/** Each line's whitespace folded (and a copied diff prefix removed); blank lines and the fences around a quote dropped. */
export function normalizeQuotedCode(code: string | null | undefined): string {
  if (typeof code !== 'string') return '';
  return code
    .split(/\r?\n/)
    .filter((line) => !/^\s*```/.test(line))
    .map((line) => normalizeCode(line.replace(/^`+|`+$/g, '')))
    .filter((line) => line !== '')
    .join('\n');
}

/** A file path as cited, with the forms models add ("./", a leading slash) and Windows separators removed. */
function normalizeFile(file: string | null): string {
  if (file === null) return '';
  return file.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

export function fingerprintOf(finding: FingerprintParts): string {
  const title = finding.allowedByConfig === undefined ? finding.title : `${ALLOWED_TITLE_PREFIX}${finding.title}`;
  const parts = [RECIPE, normalizeFile(finding.file), finding.category, normalizeQuotedCode(finding.code), normalizeTitle(title)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, LENGTH);
}
