// Reading plans and task text: which Markdown documents a text refers to (and which section of
// them), the section itself, and checklist items. Pure.

export interface DocReference {
  /** Repository-relative path as written (leading `./` removed). */
  path: string;
  /** Section names the reference may mean, best first (several when the words are ambiguous). */
  sections: string[];
}

// A relative path ending in .md/.markdown. The look-behind keeps URLs out: every position inside
// `https://host/docs/x.md` follows a word character, `/` or `:`.
const DOC_PATH = /(?<![\w./:@~-])(?:\.\/)?((?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.(?:md|markdown))(?:#([\w-]+))?(?![\w/-])/g;

const STOPWORDS = new Set([
  'see',
  'the',
  'a',
  'an',
  'read',
  'in',
  'per',
  'follow',
  'under',
  'from',
  'and',
  'of',
  'its',
  'our',
  'as',
  'by',
  'to',
  'with',
  'also',
]);

/** Every document reference in the text, once per path (section hints merged, first ones first). */
export function findDocReferences(text: string): DocReference[] {
  const byPath = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(DOC_PATH)) {
      const path = match[1] as string;
      if (path.split('/').includes('..')) continue;
      const before = line.slice(Math.max(0, match.index - 120), match.index);
      const after = line.slice(match.index + match[0].length, match.index + match[0].length + 120);
      const hints = sectionHints(before, after, match[2] ?? null);
      const known = byPath.get(path) ?? [];
      for (const hint of hints) if (!known.includes(hint)) known.push(hint);
      byPath.set(path, known);
    }
  }
  return [...byPath.entries()].map(([path, sections]) => ({ path, sections }));
}

/** Section names near a path: `#anchor`, `(Testing section)`, `section "Testing"`, `Testing section of`, `Task 3`. */
function sectionHints(before: string, rawAfter: string, anchor: string | null): string[] {
  const hints: string[] = [];
  // The path may sit in quotes or a code span: `docs/plan.md`, section "X".
  const after = rawAfter.replace(/^[`"'”’]+/, '');
  if (anchor) hints.push(anchor.replace(/-/g, ' '));
  const quotedAfter = /^\s*[,:]?\s*\(?\s*(?:section|§)\s*["'“‘`]([^"'”’`\n]{1,80})["'”’`]/i.exec(after);
  if (quotedAfter) hints.push(quotedAfter[1] as string);
  const bareAfter = /^\s*[,:]?\s*\(?\s*(?:section|§)\s+([A-Z0-9][^,;:()"'\n]{0,60}?)\s*(?:[,;:()]|$)/.exec(after);
  if (bareAfter) hints.push(bareAfter[1] as string);
  const parenAfter = /^\s*\(\s*(?:the\s+)?["'“‘`]?([^()"'”’`\n]{1,60}?)["'”’`]?\s+section\s*\)/i.exec(after);
  if (parenAfter) hints.push(parenAfter[1] as string);
  const quotedBefore = /section\s+["'“‘`]([^"'”’`\n]{1,80})["'”’`]\s+(?:of|in)\s+(?:the\s+)?$/i.exec(before);
  if (quotedBefore) hints.push(quotedBefore[1] as string);
  const wordsBefore = /((?:[\w&/.-]+\s+){0,3}[\w&/.-]+)\s+section\s+(?:of|in)\s+(?:the\s+)?[`"'“]?$/i.exec(before);
  if (wordsBefore) hints.push(...trailingPhrases(wordsBefore[1] as string));
  const task = /\b(Task\s+\d+(?:\.\d+)?)\b/i.exec(`${before} ${after}`);
  if (task) hints.push((task[1] as string).replace(/\s+/g, ' '));
  return hints.map((h) => h.trim()).filter((h) => h !== '');
}

/** "See the Testing Strategy" → ["Testing Strategy", "Strategy"]: the longest tail without a leading stopword first. */
function trailingPhrases(words: string): string[] {
  const parts = words.split(/\s+/);
  const out: string[] = [];
  for (let start = 0; start < parts.length; start++) {
    const first = (parts[start] as string).toLowerCase();
    if (STOPWORDS.has(first)) continue;
    out.push(parts.slice(start).join(' '));
  }
  return out;
}

interface Heading {
  line: number;
  level: number;
  text: string;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~[\]()#:.,;!?"'“”‘’-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ATX headings outside fenced code blocks. */
function headings(lines: readonly string[]): Heading[] {
  const out: Heading[] = [];
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    const match = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) out.push({ line: index, level: (match[1] as string).length, text: match[2] as string });
  });
  return out;
}

/** The heading that best matches a name: exact, then starting with it ("Task 3: Login"), then containing it. */
function findHeading(all: readonly Heading[], name: string): Heading | null {
  const wanted = normalise(name);
  if (wanted === '') return null;
  const tests = [(h: string) => h === wanted, (h: string) => h.startsWith(`${wanted} `), (h: string) => ` ${h} `.includes(` ${wanted} `)];
  for (const test of tests) {
    const found = all.find((h) => test(normalise(h.text)));
    if (found) return found;
  }
  return null;
}

export interface Excerpt {
  text: string;
  /** The heading used, or null when the excerpt is the start of the document. */
  section: string | null;
  /** Section names asked for that no heading matched. */
  missing: string | null;
}

/**
 * The section the hints name (its heading up to the next heading of the same or a higher level),
 * or the start of the document when there are no hints or none matches.
 */
export function excerptDocument(markdown: string, hints: readonly string[]): Excerpt {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const all = headings(lines);
  for (const hint of hints) {
    const heading = findHeading(all, hint);
    if (!heading) continue;
    const next = all.find((h) => h.line > heading.line && h.level <= heading.level);
    const text = lines
      .slice(heading.line, next ? next.line : lines.length)
      .join('\n')
      .trim();
    return { text, section: heading.text, missing: null };
  }
  return { text: markdown.trim(), section: null, missing: hints[0] ?? null };
}

/** `- [ ] item` / `* [x] item` lines, as written (trimmed). */
export function checklistItems(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s+\S/.test(line))
    .map((line) => line.trim());
}

/** Cuts text to at most `max` characters at a line end where possible, saying that it did. */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastBreak = cut.lastIndexOf('\n');
  const kept = lastBreak > max * 0.6 ? cut.slice(0, lastBreak) : cut;
  return `${kept.trimEnd()}\n[… cut at ${max} characters]`;
}
