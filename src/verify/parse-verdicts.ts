// Turns a verification answer into verdicts, or says precisely why it cannot. Like the review's
// parser this never throws and trusts nothing: a truncated, refused or filtered answer is never
// used, and a verdict is only taken for an id that was asked about.
//
// Accepted, in order: JSON (the whole answer, a fenced block, or the last object in prose), then
// plain lines "C1: reject: reason" / "- **C1** — confirm — reason" for servers without JSON output.
import { jsonCandidates } from '../llm/parse-review.js';
import { verificationAnswerSchema, type FindingVerdict } from './verdict-schema.js';

export type VerdictParse = { ok: true; verdicts: FindingVerdict[] } | { ok: false; problem: string };

export function parseVerdicts(content: string | null, finishReason: string | null, refusal: string | null = null): VerdictParse {
  try {
    return parseUnsafe(content, finishReason, refusal);
  } catch (error) {
    return { ok: false, problem: `could not parse the answer (${error instanceof Error ? error.message : String(error)})` };
  }
}

function parseUnsafe(content: string | null, finishReason: string | null, refusal: string | null): VerdictParse {
  if (refusal !== null && refusal.trim() !== '') return { ok: false, problem: `the model refused: ${clip(refusal.trim(), 200)}` };
  if (finishReason === 'length') return { ok: false, problem: 'the answer was cut off at the output token limit (finish_reason "length")' };
  if (finishReason === 'content_filter')
    return { ok: false, problem: 'the answer was withheld by the content filter (finish_reason "content_filter")' };
  const text = (content ?? '').replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: false, problem: 'the answer was empty' };

  let jsonProblem: string | null = null;
  for (const candidate of jsonCandidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const result = verificationAnswerSchema.safeParse(normalise(value));
    if (result.success) return { ok: true, verdicts: result.data.verdicts.map(tidy) };
    jsonProblem ??= result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .slice(0, 3)
      .join('; ');
  }

  const lines = parseLines(text);
  if (lines.length > 0) return { ok: true, verdicts: lines };
  if (jsonProblem !== null) return { ok: false, problem: `the JSON answer does not match the verification format: ${jsonProblem}` };
  return { ok: false, problem: `the answer holds no verdicts (it starts: ${JSON.stringify(clip(text, 80))})` };
}

/** Only what cannot change the meaning: verdict words in another case or tense ("Confirmed", "REJECT"). */
function normalise(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { verdicts?: unknown }).verdicts)) return value;
  const verdicts = (value as { verdicts: unknown[] }).verdicts.map((entry) => {
    if (entry === null || typeof entry !== 'object') return entry;
    const e = entry as Record<string, unknown>;
    return { ...e, verdict: typeof e.verdict === 'string' ? (verdictWord(e.verdict) ?? e.verdict) : e.verdict, reason: e.reason ?? '' };
  });
  return { verdicts };
}

function verdictWord(word: string): FindingVerdict['verdict'] | null {
  const w = word.trim().toLowerCase();
  if (/^confirm(s|ed)?$/.test(w)) return 'confirm';
  if (/^reject(s|ed)?$/.test(w)) return 'reject';
  return null;
}

function tidy(verdict: FindingVerdict): FindingVerdict {
  return { id: verdict.id.trim(), verdict: verdict.verdict, reason: verdict.reason.trim() };
}

const LINE =
  /^\s*(?:[-*]\s*)?(?:\*\*)?([CIM]\d+)(?:\*\*)?\s*[:\u2014\u2013-]\s*(?:\*\*)?(confirm(?:s|ed)?|reject(?:s|ed)?)(?:\*\*)?\b\s*[:\u2014\u2013.-]?\s*(.*)$/i;

function parseLines(text: string): FindingVerdict[] {
  const out: FindingVerdict[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    out.push({ id: match[1]!.toUpperCase(), verdict: verdictWord(match[2]!)!, reason: match[3]!.trim() });
  }
  return out;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
