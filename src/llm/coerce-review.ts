// Lenient reading of a JSON answer into the review schema. Only coercions that cannot change what
// the model meant are made (case, synonyms, numbers written as strings, "file:line" in one field);
// anything that would need a guess about severity fails, so the client can ask for a repair.
//
// Severity synonyms: only words that mean "must not ship" become critical (blocker, blocking,
// severe). "high" and "major" become important, because critical blocks a push and a model that
// ignored the requested scale should not block by guesswork; "low", "warning", "nit", "info"
// become minor. An unknown severity fails rather than being guessed.
import { SEVERITIES } from '../domain/lists.js';
import { reviewSchema, type ReviewAnswer, type ReviewFinding } from './review-schema.js';
import type { Category, RequirementStatus, Severity } from '../domain/types.js';

type Coerced<T> = { ok: true; review: T } | { ok: false; problem: string };
type Obj = Record<string, unknown>;

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  blocker: 'critical',
  blocking: 'critical',
  severe: 'critical',
  important: 'important',
  high: 'important',
  major: 'important',
  medium: 'important',
  moderate: 'important',
  error: 'important',
  warning: 'minor',
  warn: 'minor',
  minor: 'minor',
  low: 'minor',
  nit: 'minor',
  nitpick: 'minor',
  trivial: 'minor',
  info: 'minor',
  style: 'minor',
  suggestion: 'minor',
};

const CATEGORY_WORDS: Record<string, Category> = {
  task: 'task',
  requirement: 'task',
  requirements: 'task',
  adherence: 'task',
  scope: 'task',
  spec: 'task',
  security: 'security',
  secret: 'security',
  secrets: 'security',
  vulnerability: 'security',
  correctness: 'correctness',
  bug: 'correctness',
  bugs: 'correctness',
  logic: 'correctness',
  functionality: 'correctness',
  error_handling: 'correctness',
  reliability: 'correctness',
  quality: 'quality',
  code_quality: 'quality',
  style: 'quality',
  maintainability: 'quality',
  readability: 'quality',
  naming: 'quality',
  design: 'quality',
  testing: 'testing',
  test: 'testing',
  tests: 'testing',
  coverage: 'testing',
  performance: 'performance',
  perf: 'performance',
  efficiency: 'performance',
  docs: 'docs',
  doc: 'docs',
  documentation: 'docs',
  comments: 'docs',
};

const STATUS_WORDS: Record<string, RequirementStatus> = {
  met: 'met',
  done: 'met',
  yes: 'met',
  complete: 'met',
  completed: 'met',
  satisfied: 'met',
  fulfilled: 'met',
  implemented: 'met',
  pass: 'met',
  passed: 'met',
  partial: 'partial',
  partially: 'partial',
  partially_met: 'partial',
  incomplete: 'partial',
  in_progress: 'partial',
  missing: 'missing',
  no: 'missing',
  not_met: 'missing',
  unmet: 'missing',
  not_implemented: 'missing',
  failed: 'missing',
  unclear: 'unclear',
  unknown: 'unclear',
  n_a: 'unclear',
  na: 'unclear',
};

const VERDICT_WORDS: Record<string, ReviewAnswer['verdict']> = {
  ready: 'ready',
  approve: 'ready',
  approved: 'ready',
  lgtm: 'ready',
  pass: 'ready',
  yes: 'ready',
  ready_to_merge: 'ready',
  matches: 'ready',
  ready_with_fixes: 'ready_with_fixes',
  with_fixes: 'ready_with_fixes',
  ready_after_fixes: 'ready_with_fixes',
  needs_minor_fixes: 'ready_with_fixes',
  approve_with_changes: 'ready_with_fixes',
  partially_matches: 'ready_with_fixes',
  not_ready: 'not_ready',
  no: 'not_ready',
  reject: 'not_ready',
  rejected: 'not_ready',
  block: 'not_ready',
  blocked: 'not_ready',
  fail: 'not_ready',
  needs_work: 'not_ready',
  request_changes: 'not_ready',
  changes_requested: 'not_ready',
  does_not_match: 'not_ready',
};

/** Normalise a word for table lookup: lower case, runs of spaces, dashes and dots to one underscore. */
export function wordKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function severityFrom(value: unknown): Severity | null {
  return typeof value === 'string' ? (SEVERITY_WORDS[wordKey(value)] ?? null) : null;
}

export function verdictFrom(value: unknown): ReviewAnswer['verdict'] | null {
  return typeof value === 'string' ? (VERDICT_WORDS[wordKey(value)] ?? null) : null;
}

/** The verdict the findings imply, for answers that give none. */
export function verdictFor(findings: readonly { severity: Severity }[]): ReviewAnswer['verdict'] {
  if (findings.some((f) => f.severity === 'critical')) return 'not_ready';
  if (findings.some((f) => f.severity === 'important')) return 'ready_with_fixes';
  return 'ready';
}

/** Best guess of a category from free text, used when the answer names none (or an unknown one). */
export function guessCategory(text: string, severity: Severity): Category {
  if (
    /secur|inject|\bxss\b|csrf|secret|credential|password|api[ _-]?key|hard-?coded (api )?keys?|sanitiz|escap|traversal|auth(entication|orization)?\b/i.test(
      text,
    )
  )
    return 'security';
  if (/\btests?\b|testing|coverage|assert/i.test(text)) return 'testing';
  if (/performance|\bslow|n\+1|quadratic|memory|inefficien|latency/i.test(text)) return 'performance';
  if (/requirement|acceptance|scope|\btask\b|not implemented|missing feature/i.test(text)) return 'task';
  if (/\bdocs?\b|documentation|readme|docstring|jsdoc|\bcomment/i.test(text)) return 'docs';
  return severity === 'minor' ? 'quality' : 'correctness';
}

/** Whether a parsed JSON value is plausibly a review rather than some other object in the prose. */
export function looksLikeReview(value: unknown): boolean {
  const obj = unwrap(value);
  if (obj === null) return false;
  const keys = keyMap(obj);
  return ['findings', 'verdict', 'critical', 'important', 'minor', 'issues'].some((k) => keys.has(k));
}

export function coerceReview(value: unknown): Coerced<ReviewAnswer> {
  const obj = unwrap(value);
  if (obj === null) return { ok: false, problem: 'the answer is not a JSON object' };
  const keys = keyMap(obj);

  const rawFindings: Array<{ raw: unknown; severity: Severity | null; where: string }> = [];
  const findingsValue = keys.get('findings') ?? keys.get('issues');
  if (findingsValue !== undefined) {
    if (!Array.isArray(findingsValue)) return { ok: false, problem: '"findings" is not an array' };
    findingsValue.forEach((raw, i) => {
      rawFindings.push({ raw, severity: null, where: `findings[${i}]` });
    });
  } else {
    // The four-group layout written as JSON: { critical: [...], important: [...], minor: [...] }.
    let grouped = false;
    for (const severity of SEVERITIES) {
      const group = keys.get(severity);
      if (group === undefined || group === null) continue;
      if (!Array.isArray(group)) return { ok: false, problem: `"${severity}" is not an array` };
      grouped = true;
      group.forEach((raw, i) => {
        rawFindings.push({ raw, severity, where: `${severity}[${i}]` });
      });
    }
    if (!grouped) return { ok: false, problem: 'the answer has no "findings" array' };
  }

  const findings: ReviewFinding[] = [];
  const impossible = new Set<number>();
  for (const item of rawFindings) {
    if (typeof item.raw === 'string' && isNoneText(item.raw)) continue;
    const finding = coerceFinding(item.raw, item.severity, item.where);
    if (!finding.ok) return finding;
    if (finding.impossibleLine) impossible.add(findings.length);
    findings.push(finding.review);
  }

  const verdictValue = keys.get('verdict') ?? keys.get('assessment') ?? keys.get('ready_to_merge');
  const review = {
    summary: textOf(keys.get('summary') ?? keys.get('overview')),
    findings,
    strengths: strengthsFrom(keys.get('strengths')),
    requirements: requirementsFrom(keys.get('requirements') ?? keys.get('requirement_results')),
    verdict:
      verdictFrom(verdictValue) ??
      verdictFrom(typeof verdictValue === 'boolean' ? (verdictValue ? 'yes' : 'no') : null) ??
      verdictFor(findings),
  };
  const checked = reviewSchema.safeParse(review);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  // A line given as 0, negative or fractional points nowhere: the finding is kept, marked, and the
  // location check counts it unverified (it never blocks on its own).
  for (const index of impossible) Object.assign(checked.data.findings[index]!, { impossibleLine: true });
  return { ok: true, review: checked.data };
}

function coerceFinding(raw: unknown, groupSeverity: Severity | null, where: string): Coerced<ReviewFinding> & { impossibleLine?: boolean } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problem: `${where} is not an object` };
  }
  const keys = keyMap(raw as Obj);
  const pick = (...names: string[]): unknown => {
    for (const name of names) if (keys.has(name)) return keys.get(name);
    return undefined;
  };

  const severityValue = pick('severity', 'level', 'priority');
  const severity = severityValue === undefined || severityValue === null ? groupSeverity : severityFrom(severityValue);
  if (severity === null) {
    return {
      ok: false,
      problem:
        severityValue === undefined || severityValue === null
          ? `${where} has no severity`
          : `${where}.severity ${JSON.stringify(severityValue)} is not critical, important or minor`,
    };
  }

  let detail = textOf(pick('detail', 'details', 'description', 'message', 'explanation', 'body', 'comment'));
  let title = textOf(pick('title', 'issue', 'summary', 'name', 'headline'));
  if (title === '' && detail === '') return { ok: false, problem: `${where} has neither a title nor a detail` };
  if (title === '') title = firstSentence(detail);
  if (detail === '') detail = title;

  let file = textOf(pick('file', 'path', 'filename', 'file_path', 'filepath')) || null;
  const rawLine = pick('line', 'line_number', 'start_line', 'line_start', 'lineno');
  let line = lineFrom(rawLine);
  const impossibleLine = typeof rawLine === 'number' && line === null;
  let endLine = lineFrom(pick('end_line', 'endline', 'line_end', 'last_line'));
  const rangeText = pick('line', 'lines');
  if (typeof rangeText === 'string') {
    const range = /^\s*L?(\d+)\s*[-–:]\s*L?(\d+)\s*$/.exec(rangeText);
    if (range) {
      line = Number(range[1]);
      endLine ??= Number(range[2]);
    }
  }
  if (file !== null) {
    // "src/a.ts:12" or "src/a.ts#L12-L14" in the file field.
    const located = file.length <= 1000 ? /^(.+?)(?::|#L)(\d+)(?:\s*[-–]\s*L?(\d+))?$/.exec(file) : null;
    if (located && line === null) {
      file = located[1] as string;
      line = Number(located[2]);
      if (located[3] !== undefined) endLine ??= Number(located[3]);
    }
    file = file.replace(/^\.\//, '').trim() || null;
  }
  if (line === null || (endLine !== null && endLine < line)) endLine = null;
  if (endLine === line) endLine = null;

  const categoryValue = pick('category', 'type', 'kind', 'area');
  const category =
    (typeof categoryValue === 'string' ? CATEGORY_WORDS[wordKey(categoryValue)] : undefined) ??
    guessCategory(`${title} ${detail}`, severity);

  const quoteValue = pick('quote', 'code', 'snippet', 'offending_line');
  const quote = typeof quoteValue === 'string' && quoteValue.trim() !== '' ? quoteValue : null;

  return {
    ok: true,
    review: { severity, category, file, line, endLine, quote, title, detail },
    ...(impossibleLine && file !== null ? { impossibleLine } : {}),
  };
}

function strengthsFrom(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map((item) => textOf(item)).filter((text) => text !== '' && !isNoneText(text));
}

function requirementsFrom(value: unknown): ReviewAnswer['requirements'] {
  if (!Array.isArray(value)) return [];
  const out: ReviewAnswer['requirements'] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const keys = keyMap(item as Obj);
    const requirement = textOf(
      keys.get('requirement') ?? keys.get('criterion') ?? keys.get('name') ?? keys.get('title') ?? keys.get('item'),
    );
    if (requirement === '') continue;
    const statusValue = keys.get('status') ?? keys.get('met');
    const status =
      typeof statusValue === 'boolean'
        ? statusValue
          ? 'met'
          : 'missing'
        : typeof statusValue === 'string'
          ? (STATUS_WORDS[wordKey(statusValue)] ?? 'unclear')
          : 'unclear';
    out.push({
      requirement,
      status,
      evidence: textOf(keys.get('evidence') ?? keys.get('details') ?? keys.get('detail') ?? keys.get('notes')),
    });
  }
  return out;
}

/** A positive whole line number from a number or a numeric string ("12", "L12"); otherwise null. */
export function lineFrom(value: unknown): number | null {
  let n: number | null = null;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const match = /^\s*L?(\d+)\s*$/i.exec(value);
    if (match) n = Number(match[1]);
  }
  return n !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Text from a string, a list of strings, or an object with a text-like field. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('\n');
  if (value !== null && typeof value === 'object') {
    const keys = keyMap(value as Obj);
    const parts = ['title', 'text', 'description', 'detail', 'details'].map((k) => textOf(keys.get(k))).filter(Boolean);
    return [...new Set(parts)].join(': ');
  }
  return '';
}

export function isNoneText(text: string): boolean {
  return /^(?:none|n\/?a|nothing(?: significant| notable| to report)?|no(?:ne)?(?: \w+)? (?:issues?|findings?|problems?|concerns?))(?: (?:were |was )?(?:found|identified|detected|noted|spotted))?[.!]?$/i.test(
    text.replace(/[*_`]/g, '').trim(),
  );
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0] ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > 120 ? `${sentence.slice(0, 117)}…` : sentence;
}

/** Keys looked up without regard to case, dashes or camelCase: endLine, end_line, End-Line. */
function keyMap(obj: Obj): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const [key, value] of Object.entries(obj)) {
    const normal = key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_');
    if (!map.has(normal)) map.set(normal, value);
  }
  return map;
}

/** `{ "review": { ...findings... } }` and similar single-key wrappers. */
function unwrap(value: unknown): Obj | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const obj = value as Obj;
  const entries = Object.entries(obj);
  if (entries.length === 1) {
    const inner = entries[0]?.[1];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      const innerKeys = keyMap(inner as Obj);
      if (innerKeys.has('findings') || innerKeys.has('verdict')) return inner as Obj;
    }
  }
  return obj;
}
