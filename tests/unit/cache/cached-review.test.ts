// The review cache's key and value: what makes two reviews the same, and what a stored one gives back.
import { describe, expect, it } from 'vitest';
import {
  commitRoles,
  isCachedReview,
  normaliseMessages,
  restoreAnswers,
  reviewKey,
  rewriteOids,
  type CachedReview,
  type ReviewKeyInputs,
} from '../../../src/cache/cached-review.js';
import { buildMessages, loadTemplate, type ChatMessage } from '../../../src/prompt/build-prompt.js';
import type { Changeset } from '../../../src/domain/types.js';
import { addedFile } from '../review/plan-fixture.js';

const BASE = '1111111111111111111111111111111111111111';
const ONE = 'aaaaaaaaaaaa1111111111111111111111111111';
const TWO = 'bbbbbbbbbbbb2222222222222222222222222222';
const BASE_B = '3333333333333333333333333333333333333333';
const ONE_B = 'cccccccccccc4444444444444444444444444444';
const TWO_B = 'dddddddddddd5555555555555555555555555555';

/** Two commits on a base; the same content whatever the ids are. */
function changeset(base: string, first: string, second: string, subject = 'Add the parser'): Changeset {
  return {
    ranges: [{ ref: 'refs/heads/main', base, head: second, commits: [first, second], notes: [] }],
    commits: [
      { oid: first, subject: 'Start the parser', body: '', author: 'A <a@example.com>' },
      { oid: second, subject, body: `Follows ${first.slice(0, 7)}.`, author: 'A <a@example.com>' },
    ],
    files: [addedFile('src/parse.js', 12)],
    skipped: [],
  };
}

async function messagesOf(cs: Changeset, instructions = ''): Promise<ChatMessage[]> {
  return buildMessages({ changeset: cs, taskContext: null, implemented: null, requirements: null, instructions }, await loadTemplate());
}

async function keyOf(cs: Changeset, change: Partial<ReviewKeyInputs> = {}, instructions = ''): Promise<string> {
  return reviewKey({
    model: 'gpt-4o-mini',
    endpoint: 'http://127.0.0.1:1/v1',
    structuredOutput: 'auto',
    maxOutputTokens: 4096,
    maxPromptTokens: 8000,
    maxPushTokens: 200_000,
    requests: [await messagesOf(cs, instructions)],
    oids: commitRoles(cs),
    ...change,
  });
}

describe('normaliseMessages', () => {
  it('replaces commit ids, full or abbreviated, by their role, and the fence token by a fixed word', async () => {
    const cs = changeset(BASE, ONE, TWO);
    const messages = await messagesOf(cs);
    const text = normaliseMessages(messages, commitRoles(cs))
      .map((m) => m.content)
      .join('\n');
    expect(messages.map((m) => m.content).join('\n')).toContain(ONE.slice(0, 10));
    for (const oid of [BASE, ONE, TWO]) expect(text).not.toContain(oid.slice(0, 7));
    expect(text).toContain('BASE_SHA: BASE0');
    expect(text).toContain('HEAD_SHA: HEAD0');
    expect(text).toContain('- COMMIT0 Start the parser');
    expect(text).toContain('Follows COMMIT0.');
    expect(text).toContain('<<<DATA-FENCE>>>');
    expect(text).not.toMatch(/<<<DATA-[0-9a-f]{12}>>>/);
  });

  it('leaves other hex alone: short runs, and runs that are no commit of the push', () => {
    const roles = { HEAD0: TWO };
    const [out] = normaliseMessages([{ role: 'user', content: `color #bbbbbb, hash 9f86d081884c7d65, id ${TWO.slice(0, 9)}` }], roles);
    expect(out!.content).toBe('color #bbbbbb, hash 9f86d081884c7d65, id HEAD0');
  });
});

describe('reviewKey', () => {
  it('is the same for the same content under other commit ids (a rebase or amend that changes no content)', async () => {
    expect(await keyOf(changeset(BASE_B, ONE_B, TWO_B))).toBe(await keyOf(changeset(BASE, ONE, TWO)));
  });

  it.each<[string, (cs: Changeset) => Promise<string>]>([
    ['another commit message', (cs) => keyOf({ ...cs, commits: changeset(BASE, ONE, TWO, 'Add the parser, faster').commits })],
    ['other code', (cs) => keyOf({ ...cs, files: [addedFile('src/parse.js', 13)] })],
    ['other instructions', (cs) => keyOf(cs, {}, 'Check error handling.')],
    ['another model', (cs) => keyOf(cs, { model: 'gpt-4o' })],
    ['another endpoint', (cs) => keyOf(cs, { endpoint: 'https://api.openai.com/v1' })],
    ['another output mode', (cs) => keyOf(cs, { structuredOutput: 'json_object' })],
    ['another answer allowance', (cs) => keyOf(cs, { maxOutputTokens: 8192 })],
    ['other budgets', (cs) => keyOf(cs, { maxPromptTokens: 9000 })],
    [
      'a previous round in the prompt',
      async (cs) =>
        keyOf(cs, {
          requests: [
            buildMessages(
              {
                changeset: cs,
                taskContext: null,
                implemented: null,
                requirements: null,
                instructions: '',
                previousRound: '- C1 (critical) src/parse.js:3: Bad',
              },
              await loadTemplate(),
            ),
          ],
        }),
    ],
  ])('differs for %s', async (_name, other) => {
    const cs = changeset(BASE, ONE, TWO);
    expect(await other(cs)).not.toBe(await keyOf(cs));
  });
});

describe('rewriteOids and restoreAnswers', () => {
  const from = { BASE0: BASE, HEAD0: TWO, COMMIT0: ONE, COMMIT1: TWO };
  const to = { BASE0: BASE_B, HEAD0: TWO_B, COMMIT0: ONE_B, COMMIT1: TWO_B };

  it.each([
    [`commit ${ONE.slice(0, 7)} drops the check`, `commit ${ONE_B.slice(0, 7)} drops the check`],
    [`${TWO} and ${ONE.slice(0, 12)}`, `${TWO_B} and ${ONE_B.slice(0, 12)}`],
    ['no ids here, nor in deadbeef', 'no ids here, nor in deadbeef'],
  ])('%s', (text, expected) => {
    expect(rewriteOids(text, from, to)).toBe(expected);
  });

  it('rewrites the text of every answer, never the quote (code)', () => {
    const entry: CachedReview = {
      answers: [
        {
          summary: `Reviewed ${TWO.slice(0, 12)}.`,
          findings: [
            {
              severity: 'minor',
              category: 'docs',
              file: 'a.js',
              line: 1,
              endLine: null,
              quote: `see ${ONE.slice(0, 8)}`,
              title: `In ${ONE.slice(0, 8)}`,
              detail: 'd',
            },
          ],
          strengths: [`Clear ${ONE.slice(0, 7)}`],
          requirements: [{ requirement: 'r', status: 'met', evidence: `in ${TWO.slice(0, 10)}` }],
          verdict: 'ready',
        },
      ],
      usage: { requests: 1, promptTokens: 10, completionTokens: 5 },
      oids: from,
      reviewedAt: '2026-01-01T00:00:00.000Z',
    };
    const [answer] = restoreAnswers(entry, to);
    expect(answer!.summary).toBe(`Reviewed ${TWO_B.slice(0, 12)}.`);
    expect(answer!.findings[0]!.title).toBe(`In ${ONE_B.slice(0, 8)}`);
    expect(answer!.findings[0]!.quote).toBe(`see ${ONE.slice(0, 8)}`);
    expect(answer!.strengths).toEqual([`Clear ${ONE_B.slice(0, 7)}`]);
    expect(answer!.requirements[0]!.evidence).toBe(`in ${TWO_B.slice(0, 10)}`);
  });
});

describe('isCachedReview', () => {
  const answer = { summary: 's', findings: [], strengths: [], requirements: [], verdict: 'ready' };
  const good = { answers: [answer], usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, oids: { HEAD0: TWO }, reviewedAt: 'x' };
  it.each<[string, unknown, boolean]>([
    ['a whole entry', good, true],
    ['null', null, false],
    ['no answers', { ...good, answers: [] }, false],
    ['an answer of another shape', { ...good, answers: [{ ...answer, verdict: 'great' }] }, false],
    [
      'a finding without its quote (an older layout)',
      {
        ...good,
        answers: [
          {
            ...answer,
            findings: [{ severity: 'minor', category: 'docs', file: null, line: null, endLine: null, title: 't', detail: 'd' }],
          },
        ],
      },
      false,
    ],
    ['usage that is not counts', { ...good, usage: { requests: -1, promptTokens: 1, completionTokens: 1 } }, false],
    ['an id that is not one', { ...good, oids: { HEAD0: '--output=x' } }, false],
    ['no date', { ...good, reviewedAt: undefined }, false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isCachedReview(value)).toBe(expected);
  });
});
