import { describe, expect, it } from 'vitest';
import { buildMessages, loadTemplate } from '../../../src/prompt/build-prompt.js';
import { loadTokenCounter, messageTokens } from '../../../src/prompt/tokens.js';
import { requestBuilder } from '../../../src/review/model-phase.js';
import { BUDGET_REASON, planRequests, sliceHunk, TOO_LARGE_REASON, type RequestPlan } from '../../../src/review/plan-requests.js';
import type { Changeset, Hunk } from '../../../src/domain/types.js';
import { addedFile, BASE, changesetOf, HEAD, largePush, modifiedFile } from './plan-fixture.js';

const template = await loadTemplate();
const count = await loadTokenCounter();
const TASK = {
  taskContext: 'bd-7: split large pushes into requests',
  implemented: null,
  requirements: '- [ ] every file reviewed or skipped',
  previousRound: null,
};

function plan(changeset: Changeset, maxPromptTokens: number, maxPushTokens = 10_000_000): RequestPlan {
  return planRequests({
    files: changeset.files,
    maxPromptTokens,
    maxPushTokens,
    count,
    build: requestBuilder(changeset, template, TASK, 'Prefer small functions.'),
  });
}

function userOf(request: { messages: Array<{ role: string; content: string }> }): string {
  return request.messages.find((m) => m.role === 'user')!.content;
}

/** Every numbered added line in a request's diff: its number and text. */
function addedLines(user: string): Array<{ line: number; text: string }> {
  return [...user.matchAll(/^ *(\d+) \+ (.*)$/gm)].map((m) => ({ line: Number(m[1]), text: m[2]! }));
}

describe('planRequests', () => {
  it('sends a push that fits in one request, exactly as the single prompt', () => {
    const changeset = changesetOf([addedFile('src/a.js', 10), modifiedFile('src/b.js', 40, 2, 3)]);
    const result = plan(changeset, 50_000);
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]!.part).toBeNull();
    expect(result.requests[0]!.messages).toEqual(buildMessages({ changeset, ...TASK, instructions: 'Prefer small functions.' }, template));
    expect(result.requests[0]!.tokens).toBe(messageTokens(result.requests[0]!.messages, count));
    expect(result.skipped).toEqual([]);
    expect(userOf(result.requests[0]!)).not.toContain('reviewed in parts');
  });

  it('splits a large push into requests that each fit, and sends every added line exactly once', () => {
    const changeset = largePush();
    const result = plan(changeset, 4000);

    expect(result.requests.length).toBeGreaterThan(5);
    expect(result.skipped).toEqual([]);
    expect(result.sent.map((f) => f.path)).toEqual(changeset.files.map((f) => f.path));
    const seen = new Map<string, number>();
    result.requests.forEach((request, i) => {
      expect(request.tokens).toBe(messageTokens(request.messages, count));
      expect(request.tokens).toBeLessThanOrEqual(4000);
      expect(request.part).toEqual({ index: i + 1, count: result.requests.length });
      const user = userOf(request);
      expect(user).toContain(`this request is part ${i + 1} of ${result.requests.length}`);
      // The task context, the range and the instructions go with every part.
      expect(user).toContain('bd-7: split large pushes into requests');
      expect(user).toContain(`BASE_SHA: ${BASE}`);
      expect(user).toContain(`HEAD_SHA: ${HEAD}`);
      expect(user).toContain('Prefer small functions.');
      for (const { line, text } of addedLines(user)) {
        // The number beside each line is its new-file line.
        expect(text).toMatch(new RegExp(`_${line} = ${line} \\* 7;`));
        seen.set(text, (seen.get(text) ?? 0) + 1);
      }
    });
    const expected = changeset.files.flatMap((f) => f.hunks.flatMap((h) => h.lines.map((l) => l.text)));
    expect(seen.size).toBe(expected.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(result.tokens).toBe(result.requests.reduce((sum, r) => sum + r.tokens, 0));
  });

  it('splits a file too large for one request into labelled pieces, in order', () => {
    const result = plan(largePush(), 4000);
    const pieceNumber = (note: string | null | undefined): number => Number(/piece (\d+)/.exec(note ?? '')?.[1]);
    const pieces = result.requests
      .flatMap((r) => r.files.filter((f) => f.path === 'src/big.js'))
      .sort((a, b) => pieceNumber(a.pieceNote) - pieceNumber(b.pieceNote));
    expect(pieces.length).toBeGreaterThan(3);
    pieces.forEach((piece, i) => {
      expect(piece.pieceNote).toBe(`piece ${i + 1} of ${pieces.length} of this file`);
    });
    // Piece k+1 starts on the line after piece k ends.
    for (let i = 1; i < pieces.length; i++) {
      const previous = pieces[i - 1]!.hunks.at(-1)!;
      expect(pieces[i]!.hunks[0]!.newStart).toBe(previous.newStart + previous.newLines);
    }
    const user = result.requests.map(userOf).find((u) => u.includes('=== src/big.js'))!;
    expect(user).toMatch(/=== src\/big\.js \(added, piece \d+ of \d+ of this file\)/);
    // A part carries its own files' stat, not the whole push's.
    expect(user).toMatch(/src\/big\.js +\| \+\d+ -0/);
    expect(user).not.toContain('src/mod-59.js');
  });

  it('lists the files not sent once, in the first part; the others only count them', () => {
    const result = plan(largePush(), 4000);
    const users = result.requests.map(userOf);
    expect(users[0]).toContain('Not sent to review:\n- excluded by pattern package-lock.json: package-lock.json');
    for (const user of users.slice(1)) {
      expect(user).not.toContain('package-lock.json');
      expect(user).toContain('1 file is not sent to review (listed in part 1).');
    }
  });

  it('leaves out files beyond maxPushTokens with reason "budget", and stays within it', () => {
    const changeset = largePush();
    const result = plan(changeset, 4000, 20_000);
    expect(result.tokens).toBeLessThanOrEqual(20_000);
    const budget = result.skipped.filter((s) => s.reason === BUDGET_REASON);
    expect(budget.length).toBeGreaterThan(0);
    // Every file is either sent or listed, never both.
    const sent = result.sent.map((f) => f.path);
    const skipped = result.skipped.map((s) => s.file);
    expect([...sent, ...skipped].sort()).toEqual(changeset.files.map((f) => f.path).sort());
    expect(sent.filter((p) => skipped.includes(p))).toEqual([]);
    // The first part says in its diffstat what the budget left out.
    expect(userOf(result.requests[0]!)).toContain(`- budget: ${budget[0]!.file}`);
  });

  it('skips a file that does not fit the push budget and still sends smaller files after it', () => {
    const changeset = changesetOf([addedFile('src/a.js', 10), addedFile('src/big.js', 1500), addedFile('src/b.js', 10)]);
    const result = plan(changeset, 4000, 8000);
    expect(result.sent.map((f) => f.path)).toEqual(['src/a.js', 'src/b.js']);
    expect(result.skipped).toEqual([{ file: 'src/big.js', reason: BUDGET_REASON }]);
    expect(result.tokens).toBeLessThanOrEqual(8000);
  });

  it('says so when the parts every request repeats leave no room for the diff', () => {
    const changeset = largePush();
    const result = planRequests({
      files: changeset.files,
      maxPromptTokens: 2000,
      maxPushTokens: 10_000_000,
      count,
      build: requestBuilder(changeset, template, { ...TASK, taskContext: 'word '.repeat(3000) }, 'Prefer small functions.'),
    });
    expect(result.requests).toEqual([]);
    expect(result.problem).toMatch(/leaves no room for the diff within maxPromptTokens \(2000\)/);
  });

  it('leaves out a file with a line longer than a whole request, and sends the rest', () => {
    const long = addedFile('src/minified.js', 1);
    long.hunks[0]!.lines[0]!.text = Array.from({ length: 3000 }, (_, i) => `v${i}=${i}`).join(';');
    const changeset = changesetOf([addedFile('src/a.js', 5), long, addedFile('src/b.js', 5)]);
    const result = plan(changeset, 2500);
    expect(result.skipped).toEqual([{ file: 'src/minified.js', reason: TOO_LARGE_REASON }]);
    expect(result.sent.map((f) => f.path)).toEqual(['src/a.js', 'src/b.js']);
    for (const request of result.requests) expect(request.tokens).toBeLessThanOrEqual(2500);
  });

  it("lists only a part's own files in its diffstat, however many files the push has", () => {
    const files = Array.from({ length: 400 }, (_, i) => addedFile(`packages/some-long-package-name/src/module-number-${i}.js`, 3));
    const result = plan(changesetOf(files), 5000);
    expect(result.requests.length).toBeGreaterThan(1);
    const user = userOf(result.requests[0]!);
    expect(user).toContain('module-number-0.js');
    expect(user).not.toContain('module-number-399.js');
    for (const request of result.requests) expect(request.tokens).toBeLessThanOrEqual(5000);
  });

  it('is deterministic', () => {
    const a = plan(largePush(), 4000);
    const b = plan(largePush(), 4000);
    expect(a.requests.map((r) => r.messages)).toEqual(b.requests.map((r) => r.messages));
  });

  it('plans nothing for a push without files', () => {
    expect(plan(changesetOf([]), 4000)).toEqual({ requests: [], sent: [], skipped: [], tokens: 0, problem: null });
  });
});

describe('sliceHunk', () => {
  const hunk: Hunk = modifiedFile('x.js', 10, 2, 3).hunks[0]!; // 3 context, 2 removed, 3 added
  it.each([
    [0, 3, '@@ -10,3 +10,3 @@'],
    [3, 5, '@@ -13,2 +13,0 @@'],
    [4, 7, '@@ -14,1 +13,2 @@'],
    [5, 8, '@@ -15,0 +13,3 @@'],
    [0, 8, '@@ -10,5 +10,6 @@'],
  ])('lines %i..%i -> %s', (from, to, header) => {
    const slice = sliceHunk(hunk, from, to);
    expect(slice.header).toBe(header);
    expect(slice.lines).toEqual(hunk.lines.slice(from, to));
  });
});
