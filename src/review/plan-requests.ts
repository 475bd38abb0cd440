// Splits a push into review requests that each fit the per-request token budget, and the whole
// into the per-push budget. Pure given a token counter and a function that builds a request's
// messages, so it can be tested on strings and the counts it checks are the counts that are sent.
//
// Order of preference: the whole push in one request; else files packed into several requests,
// each with the task context; a file too large for one request is split by hunks, and a hunk too
// large by lines. Files that do not fit the push budget are left out with reason "budget" (the
// report lists them), never dropped silently.
import type { ChatMessage } from '../prompt/build-prompt.js';
import { renderDiff, renderDiffstat, type DiffFile } from '../prompt/render-diff.js';
import { messageTokens, type Counter } from '../prompt/tokens.js';
import type { FileChange, Hunk, SkippedFile } from '../domain/types.js';

export const BUDGET_REASON = 'budget';
export const TOO_LARGE_REASON = 'too large for one request (maxPromptTokens)';

export interface RequestDraft {
  /** Files, or pieces of split files, in push order. */
  files: DiffFile[];
  /** Position among the push's requests; null when one request reviews the whole push. */
  part: { index: number; count: number } | null;
  /** The diffstat lists the whole push (one request), or this part's files. */
  diffstat: 'push' | 'request';
}

/** What the push sends and leaves out; requests show it in their diffstat. */
export interface PlanCoverage {
  sent: readonly FileChange[];
  skipped: readonly SkippedFile[];
}

export interface PlannedRequest extends RequestDraft {
  messages: ChatMessage[];
  /** Prompt tokens of the messages, counted as they are sent. */
  tokens: number;
}

export interface RequestPlan {
  requests: PlannedRequest[];
  /** The push's files that go to the model, whole or in pieces, in push order. */
  sent: FileChange[];
  /** Files left out: over the push budget ("budget"), or too large for any request. */
  skipped: SkippedFile[];
  /** Prompt tokens of all requests together. */
  tokens: number;
  /** Why nothing can be sent (the fixed parts alone exceed a request's budget); null otherwise. */
  problem: string | null;
}

export interface PlanOptions {
  files: readonly FileChange[];
  maxPromptTokens: number;
  maxPushTokens: number;
  count: Counter;
  build: (draft: RequestDraft, coverage: PlanCoverage) => ChatMessage[];
}

/** Tokens a request needs for the diff at the least, or splitting it further makes no sense. */
const MIN_DIFF_ROOM = 200;
/**
 * More characters per token than any text of a diff reaches on average (code runs 3–5), so
 * characters / this is a floor on a text's tokens, known without tokenizing it.
 */
const MAX_CHARS_PER_TOKEN = 12;
/** Bounds the fix-up loop; every round makes a request smaller or leaves a file out. */
const MAX_ROUNDS = 10_000;

interface Piece {
  fileIndex: number;
  /** Order among the file's pieces. */
  seq: number;
  file: FileChange;
  tokens: number;
}

/**
 * Estimates are sums of separately counted pieces; keep a little back for how they join, and for
 * the fence marker, which is derived from each request's text and tokenizes to a different length
 * in each (it occurs a dozen times in a prompt).
 */
function reserve(budget: number): number {
  return Math.min(Math.floor(budget / 10), 96 + Math.ceil(budget * 0.01));
}

export function planRequests(options: PlanOptions): RequestPlan {
  const { files, count, maxPromptTokens, maxPushTokens } = options;
  if (files.length === 0) return { requests: [], sent: [], skipped: [], tokens: 0, problem: null };
  const requestRoom = maxPromptTokens - reserve(maxPromptTokens);
  const pushRoom = maxPushTokens - reserve(maxPushTokens);
  const measure = (draft: RequestDraft, coverage: PlanCoverage): number => messageTokens(options.build(draft, coverage), count);
  const everything: PlanCoverage = { sent: files, skipped: [] };
  // Sizes in characters first: tokenizing costs time, so text that cannot fit is never tokenized.
  const rendered = files.map((file) => renderDiff([file]));
  const fileChars = rendered.map((text) => text.length);
  const counted = new Map<number, number>();
  const fileTokens = (i: number): number => {
    let tokens = counted.get(i);
    if (tokens === undefined) {
      tokens = count(rendered[i]!) + 1;
      counted.set(i, tokens);
    }
    return tokens;
  };
  const leastTokens = (chars: number) => Math.floor(chars / MAX_CHARS_PER_TOKEN);

  // The whole push in one request, exactly as it would be sent, when it fits both budgets. Counted
  // whole, without counting its files first: one pass over the text instead of two.
  const limit = Math.min(maxPromptTokens, maxPushTokens);
  if (leastTokens(sum(fileChars)) <= limit) {
    const draft: RequestDraft = { files: [...files], part: null, diffstat: 'push' };
    const messages = options.build(draft, everything);
    if (leastTokens(sum(messages.map((m) => m.content.length))) <= limit) {
      const tokens = messageTokens(messages, count);
      if (tokens <= limit) return { requests: [{ ...draft, messages, tokens }], sent: [...files], skipped: [], tokens, problem: null };
    }
  }

  // A part carries its own files' stat, not the whole push's; the first also lists the files not sent.
  const diffstat: RequestDraft['diffstat'] = 'request';
  // The first part (which carries the list of files not sent) with a wide label, so the measured
  // fixed part is not smaller than any real one.
  const fixed = measure({ files: [], part: { index: 1, count: 9999 }, diffstat }, everything);
  const room = requestRoom - fixed;
  if (room < MIN_DIFF_ROOM) {
    return {
      requests: [],
      sent: [],
      skipped: [],
      tokens: 0,
      problem:
        `the parts every request repeats (task, commits, instructions, output format) take ${fixed} tokens, ` +
        `which leaves no room for the diff within maxPromptTokens (${maxPromptTokens}); raise maxPromptTokens`,
    };
  }
  const rowTokens = (file: FileChange): number => (diffstat === 'request' ? count(renderDiffstat([file], []).split('\n')[0] ?? '') + 1 : 0);

  // Pack file by file: a file goes in whole (its pieces first-fit into the requests) or not at all.
  let bins: Piece[][] = [];
  let binLoads: number[] = [];
  let sentTokens = 0;
  const skipped: SkippedFile[] = [];
  const sentIndexes = new Set<number>();
  files.forEach((file, fileIndex) => {
    // Cannot fit what is left of the push budget however it tokenizes: not worth counting.
    if (leastTokens(fileChars[fileIndex]!) > pushRoom - sentTokens - binLoads.length * fixed) {
      skipped.push({ file: file.path, reason: BUDGET_REASON });
      return;
    }
    const extra = rowTokens(file);
    const pieces = splitFile(file, fileIndex, fileTokens(fileIndex) + extra, room, extra, count);
    if (pieces === null) {
      skipped.push({ file: file.path, reason: TOO_LARGE_REASON });
      return;
    }
    // First fit, tried on the bins' running totals so a file costs its pieces, not the push so far.
    const loads = binLoads.slice();
    const placement: number[] = [];
    for (const piece of pieces) {
      let at = loads.findIndex((load) => load + piece.tokens <= room);
      if (at < 0) {
        at = loads.length;
        loads.push(0);
      }
      loads[at]! += piece.tokens;
      placement.push(at);
    }
    const total = loads.length * fixed + sentTokens + sum(pieces.map((p) => p.tokens));
    if (total > pushRoom) {
      skipped.push({ file: file.path, reason: BUDGET_REASON });
      return;
    }
    pieces.forEach((piece, i) => {
      const at = placement[i]!;
      if (at === bins.length) bins.push([]);
      bins[at]!.push(piece);
    });
    binLoads = loads;
    sentTokens += sum(pieces.map((p) => p.tokens));
    sentIndexes.add(fileIndex);
  });

  // Build every request and check it with the real count; fix what the estimate got wrong.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    bins = bins.filter((bin) => bin.length > 0);
    const coverage: PlanCoverage = { sent: files.filter((_, i) => sentIndexes.has(i)), skipped };
    const requests = bins.map((bin, i) => {
      const draft: RequestDraft = {
        files: labelPieces(bin, bins),
        part: bins.length === 1 ? null : { index: i + 1, count: bins.length },
        diffstat: bins.length === 1 ? 'push' : diffstat,
      };
      const messages = options.build(draft, coverage);
      return { ...draft, messages, tokens: messageTokens(messages, count) };
    });

    const over = requests.findIndex((r) => r.tokens > maxPromptTokens);
    if (over >= 0) {
      const bin = bins[over]!;
      if (bin.length > 1) {
        bins.splice(over, 1, bin.slice(0, Math.ceil(bin.length / 2)), bin.slice(Math.ceil(bin.length / 2)));
        continue;
      }
      const halves = halvePiece(bin[0]!, count);
      if (halves !== null) {
        renumber(bins, bin[0]!, halves);
        bins.splice(over, 1, [halves[0]], [halves[1]]);
        continue;
      }
      // One line that cannot fit a request: leave the file out.
      dropFile(bins, bin[0]!.fileIndex, sentIndexes);
      skipped.push({ file: bin[0]!.file.path, reason: TOO_LARGE_REASON });
      continue;
    }

    const tokens = sum(requests.map((r) => r.tokens));
    if (tokens > maxPushTokens && sentIndexes.size > 0) {
      let last = -1;
      for (const index of sentIndexes) last = Math.max(last, index);
      dropFile(bins, last, sentIndexes);
      skipped.push({ file: files[last]!.path, reason: BUDGET_REASON });
      continue;
    }
    return { requests, sent: coverage.sent.slice(), skipped: orderLike(files, skipped), tokens, problem: null };
  }
  throw new Error('planning the review requests did not settle');
}

/** A file as one piece, or split into pieces that each fit `room`; null when a single line cannot fit. */
function splitFile(file: FileChange, fileIndex: number, tokens: number, room: number, extra: number, count: Counter): Piece[] | null {
  if (tokens <= room) return [{ fileIndex, seq: 0, file, tokens }];
  // Room for lines once the file header (with its piece note) and a hunk header are paid for.
  const header = count(renderDiff([{ ...file, hunks: [], pieceNote: 'piece 9999 of 9999 of this file' }])) + 1 + extra;

  const units: Hunk[] = [];
  for (const hunk of file.hunks) {
    if (count(renderDiff([{ ...file, hunks: [hunk] }])) + 1 + extra <= room) {
      units.push(hunk);
      continue;
    }
    const slices = sliceByTokens(hunk, room - header - count(hunk.header) - 1, count);
    if (slices === null) return null;
    for (const slice of slices) units.push(slice);
  }

  const groups: Hunk[][] = [];
  let current: Hunk[] = [];
  let used = header;
  for (const unit of units) {
    const cost = count(renderDiff([{ ...file, hunks: [unit] }])) + 1;
    if (current.length > 0 && used + cost > room) {
      groups.push(current);
      current = [];
      used = header;
    }
    current.push(unit);
    used += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((hunks, seq) => {
    const piece = { ...file, hunks };
    return { fileIndex, seq, file: piece, tokens: count(renderDiff([piece])) + 1 + extra };
  });
}

/** Consecutive slices of a hunk's lines, each costing at most `room` tokens; null if one line is too long. */
function sliceByTokens(hunk: Hunk, room: number, count: Counter): Hunk[] | null {
  const slices: Hunk[] = [];
  let from = 0;
  let used = 0;
  for (let i = 0; i < hunk.lines.length; i++) {
    const line = hunk.lines[i]!;
    const cost = count(`${line.newLine ?? ''} ${line.kind === 'add' ? '+' : line.kind === 'del' ? '-' : ' '} ${line.text}`) + 1;
    if (cost > room) return null;
    if (i > from && used + cost > room) {
      slices.push(sliceHunk(hunk, from, i));
      from = i;
      used = 0;
    }
    used += cost;
  }
  slices.push(sliceHunk(hunk, from, hunk.lines.length));
  return slices;
}

/** Lines [from, to) of a hunk as a hunk of their own, with a header that states their real position. */
export function sliceHunk(hunk: Hunk, from: number, to: number): Hunk {
  let oldStart = hunk.oldStart;
  let newStart = hunk.newStart;
  for (const line of hunk.lines.slice(0, from)) {
    if (line.kind !== 'add') oldStart++;
    if (line.kind !== 'del') newStart++;
  }
  const lines = hunk.lines.slice(from, to);
  const oldLines = lines.filter((l) => l.kind !== 'add').length;
  const newLines = lines.filter((l) => l.kind !== 'del').length;
  return { header: `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`, oldStart, oldLines, newStart, newLines, lines };
}

/** Two pieces with half the lines each, or null when the piece is a single line. */
function halvePiece(piece: Piece, count: Counter): [Piece, Piece] | null {
  const flat: Array<{ hunk: Hunk; index: number }> = piece.file.hunks.flatMap((hunk) => hunk.lines.map((_, index) => ({ hunk, index })));
  if (flat.length < 2) return null;
  const middle = Math.floor(flat.length / 2);
  const take = (from: number, to: number): Hunk[] => {
    const out: Hunk[] = [];
    for (const hunk of piece.file.hunks) {
      const start = flat.findIndex((f) => f.hunk === hunk);
      const end = start + hunk.lines.length;
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a < b) out.push(a === start && b === end ? hunk : sliceHunk(hunk, a - start, b - start));
    }
    return out;
  };
  const make = (hunks: Hunk[], seq: number): Piece => {
    const file = { ...piece.file, hunks };
    return { fileIndex: piece.fileIndex, seq, file, tokens: count(renderDiff([file])) + 1 };
  };
  return [make(take(0, middle), piece.seq), make(take(middle, flat.length), piece.seq + 0.5)];
}

/** Keeps pieces of one file ordered after a piece was halved (the second half sorts right after the first). */
function renumber(bins: Piece[][], replaced: Piece, halves: [Piece, Piece]): void {
  const all = bins.flat().filter((p) => p.fileIndex === replaced.fileIndex && p !== replaced);
  const ordered = [...all, ...halves].sort((a, b) => a.seq - b.seq);
  ordered.forEach((p, i) => {
    p.seq = i;
  });
}

function dropFile(bins: Piece[][], fileIndex: number, sent: Set<number>): void {
  sent.delete(fileIndex);
  for (let i = 0; i < bins.length; i++) bins[i] = bins[i]!.filter((p) => p.fileIndex !== fileIndex);
}

/** The bin's pieces in push order; a split file's pieces say which piece they are. */
function labelPieces(bin: Piece[], bins: Piece[][]): DiffFile[] {
  const all = bins.flat();
  return [...bin]
    .sort((a, b) => a.fileIndex - b.fileIndex || a.seq - b.seq)
    .map((piece) => {
      const siblings = all.filter((p) => p.fileIndex === piece.fileIndex).sort((a, b) => a.seq - b.seq);
      if (siblings.length === 1) return piece.file;
      return { ...piece.file, pieceNote: `piece ${siblings.indexOf(piece) + 1} of ${siblings.length} of this file` };
    });
}

function orderLike(files: readonly FileChange[], skipped: SkippedFile[]): SkippedFile[] {
  const position = new Map(files.map((f, i) => [f.path, i]));
  return [...skipped].sort((a, b) => (position.get(a.file) ?? 0) - (position.get(b.file) ?? 0));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
