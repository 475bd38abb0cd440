// The eval report in three formats: pretty (the default, for a terminal), markdown (for a pull
// request or a wiki) and json (for scripts; the shape is documented in the README).
import type { EvalFormat } from '../domain/lists.js';
import { formatUSD } from '../cost/estimate-cost.js';
import { painter } from '../report/ansi.js';
import { oneLine, plural } from '../report/format.js';
import { COUNTED_SEVERITIES, LINE_TOLERANCE } from './match-findings.js';
import type { CaseSummary, Scores, Spread } from './summarize.js';
import type { EvalResult } from './run-eval.js';

const pct = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
const tokens = (s: Scores): string => `${s.promptTokens.toLocaleString('en-US')} in, ${s.completionTokens.toLocaleString('en-US')} out`;
const cost = (s: Scores): string => (s.costUSD === null ? 'n/a (no price for the model)' : formatUSD(s.costUSD));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const spreadText = (s: Spread): string => `min ${pct(s.min)}, mean ${pct(s.mean)}, max ${pct(s.max)}`;

function headline(s: Scores): Array<[string, string, string]> {
  return [
    ['Recall on defects', pct(s.recall), `${s.found} of ${s.expected} expected findings found`],
    ['Precision', pct(s.precision), `${s.correct} of ${s.counted} critical/important findings match a planted defect`],
    ['False-block rate (clean)', pct(s.falseBlockRate), `${s.cleanBlocked} of ${s.cleanCases} clean reviews blocked`],
    ['Block rate (defects)', pct(s.defectBlockRate), `${s.defectBlocked} of ${s.defectCases} defect reviews blocked`],
    ['Location accuracy', pct(s.locationAccuracy), 'findings in an expected file that cite lines within range'],
    ['Category agreement', pct(s.categoryAgreement), 'matches filed under the expected category'],
  ];
}

function rejectedText(s: Scores): string {
  return `${plural(s.rejected, 'finding')} (never blocked; left out of recall and precision), ${s.rejectedMatching} of them on a planted defect`;
}

function caseOutcome(c: CaseSummary): string {
  const s = c.scores;
  const runs = s.scoredRuns + s.failedRuns;
  const blocked = c.kind === 'clean' ? s.cleanBlocked : s.defectBlocked;
  const parts = [`blocked ${blocked}/${s.scoredRuns}`];
  if (c.kind === 'defect') parts.push(`found ${s.found}/${s.expected}`);
  parts.push(`${s.counted - s.correct} false positive${s.counted - s.correct === 1 ? '' : 's'}`);
  if (s.failedRuns > 0) parts.push(`${s.failedRuns}/${runs} not scored`);
  return parts.join(', ');
}

function errorsOf(result: EvalResult): string[] {
  return result.summary.cases.flatMap((c) =>
    c.runs.filter((r) => r.error !== null).map((r) => `${c.id}${result.repeat > 1 ? ` (round ${r.round})` : ''}: ${r.error}`),
  );
}

function historyLines(result: EvalResult): string[] {
  const h = result.history;
  if (h === null) return [];
  return [
    `From history: ${plural(h.found, 'case')} built from the last ${plural(h.scanned, 'commit')}; ` +
      `${h.unrelated} neither revert nor fix an earlier commit; ${h.skipped.length} skipped`,
    ...h.skipped.map((s) => `  skipped ${s.commit.slice(0, 12)} "${oneLine(s.subject)}": ${s.reason}`),
  ];
}

export function renderPretty(result: EvalResult, color: boolean): string {
  const paint = painter(color);
  const { total, spread } = result.summary;
  const out: string[] = [];
  out.push(
    paint(`Eval of ${result.model}`, 'bold') +
      ` — ${plural(result.summary.cases.length, 'case')} from ${result.casesFrom.join(' and ')}` +
      (result.repeat > 1 ? `, ${result.repeat} rounds each` : ''),
  );
  out.push(`config: ${result.configFile ?? 'defaults (no config file found)'}`);
  out.push('');
  for (const c of result.summary.cases) {
    const mark =
      c.kind === 'clean'
        ? c.scores.cleanBlocked > 0
          ? paint('✗', 'red')
          : paint('✓', 'green')
        : c.scores.found === c.scores.expected && c.scores.expected > 0
          ? paint('✓', 'green')
          : paint('✗', 'red');
    out.push(
      `${c.scores.scoredRuns === 0 ? paint('?', 'yellow') : mark} ${c.id.padEnd(34)} ${c.kind.padEnd(6)} ${caseOutcome(c)}  ${paint(`${tokens(c.scores)}, ${seconds(c.scores.ms)}`, 'dim')}`,
    );
  }
  out.push('');
  for (const [name, value, detail] of headline(total))
    out.push(`${`${name}:`.padEnd(27)} ${paint(value.padStart(6), 'bold')}  ${paint(detail, 'dim')}`);
  if (result.repeat > 1) {
    out.push('');
    out.push(`Over ${result.repeat} rounds:`);
    for (const [key, label] of SPREAD_LABELS) out.push(`  ${label.padEnd(25)} ${spreadText(spread[key])}`);
  }
  out.push('');
  if (total.rejected > 0) out.push(`Rejected by verification: ${rejectedText(total)}`);
  out.push(`Usage: ${plural(total.requests, 'request')}, tokens ${tokens(total)}, cost ${cost(total)}, time ${seconds(total.ms)}`);
  out.push(
    paint(
      `Matching: same file, lines within ±${LINE_TOLERANCE}, severity at or above the expected one; precision counts ${COUNTED_SEVERITIES.join(' and ')} findings.`,
      'dim',
    ),
  );
  const errors = errorsOf(result);
  if (errors.length > 0) {
    out.push('');
    out.push(
      paint(`Not scored (${errors.length}): the model review did not complete, so these runs are left out of every score`, 'yellow'),
    );
    for (const e of errors) out.push(`  ${oneLine(e)}`);
  }
  const history = historyLines(result);
  if (history.length > 0) out.push('', ...history);
  return `${out.join('\n')}\n`;
}

const SPREAD_LABELS = [
  ['recall', 'recall'],
  ['precision', 'precision'],
  ['falseBlockRate', 'false-block rate'],
  ['defectBlockRate', 'block rate (defects)'],
  ['locationAccuracy', 'location accuracy'],
] as const;

const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

export function renderMarkdown(result: EvalResult): string {
  const { total, spread } = result.summary;
  const out: string[] = [];
  out.push(`# Eval of ${cell(result.model)}`, '');
  out.push(
    `${plural(result.summary.cases.length, 'case')} from ${result.casesFrom.join(' and ')}${result.repeat > 1 ? `, ${result.repeat} rounds each` : ''}. Config: ${result.configFile ?? 'defaults'}.`,
    '',
  );
  out.push('| Score | Value | |', '|---|---|---|');
  for (const [name, value, detail] of headline(total)) out.push(`| ${name} | ${value} | ${detail} |`);
  out.push('');
  if (result.repeat > 1) {
    out.push('| Over rounds | min | mean | max |', '|---|---|---|---|');
    for (const [key, label] of SPREAD_LABELS)
      out.push(`| ${label} | ${pct(spread[key].min)} | ${pct(spread[key].mean)} | ${pct(spread[key].max)} |`);
    out.push('');
  }
  if (total.rejected > 0) out.push(`Rejected by verification: ${rejectedText(total)}.`, '');
  out.push(`Usage: ${plural(total.requests, 'request')}, tokens ${tokens(total)}, cost ${cost(total)}, time ${seconds(total.ms)}.`, '');
  out.push('| Case | Kind | Language | Outcome | Tokens | Time |', '|---|---|---|---|---|---|');
  for (const c of result.summary.cases)
    out.push(`| ${cell(c.id)} | ${c.kind} | ${cell(c.language)} | ${caseOutcome(c)} | ${tokens(c.scores)} | ${seconds(c.scores.ms)} |`);
  out.push('');
  const wrong = result.summary.cases.flatMap((c) =>
    c.runs.flatMap((r) =>
      r.findings
        .filter((f) => f.score === 'false-positive')
        .map((f) => `- ${cell(c.id)}: ${f.severity} ${cell(f.file ?? '(no file)')}${f.line === null ? '' : `:${f.line}`} ${cell(f.title)}`),
    ),
  );
  if (wrong.length > 0) out.push('## False positives', '', ...wrong, '');
  const errors = errorsOf(result);
  if (errors.length > 0)
    out.push(
      '## Not scored',
      '',
      'The model review did not complete, so these runs are left out of every score.',
      '',
      ...errors.map((e) => `- ${cell(e)}`),
      '',
    );
  const history = historyLines(result);
  if (history.length > 0) out.push('## From history', '', ...history.map((l) => `- ${cell(l.trim())}`), '');
  out.push(
    `Matching: same file, lines within ±${LINE_TOLERANCE}, severity at or above the expected one; precision counts ${COUNTED_SEVERITIES.join(' and ')} findings.`,
  );
  return `${out.join('\n')}\n`;
}

export function renderJson(result: EvalResult): string {
  return `${JSON.stringify(
    {
      version: 1,
      model: result.model,
      config: result.configFile,
      casesFrom: result.casesFrom,
      repeat: result.repeat,
      matching: {
        lineTolerance: LINE_TOLERANCE,
        countedSeverities: COUNTED_SEVERITIES,
        categoryRequired: 'only for expected findings without a file',
      },
      total: result.summary.total,
      spread: result.summary.spread,
      rounds: result.summary.rounds,
      cases: result.summary.cases,
      history: result.history,
    },
    null,
    2,
  )}\n`;
}

export function renderEval(format: EvalFormat, result: EvalResult, color: boolean): string {
  if (format === 'json') return renderJson(result);
  if (format === 'markdown') return renderMarkdown(result);
  return renderPretty(result, color);
}
