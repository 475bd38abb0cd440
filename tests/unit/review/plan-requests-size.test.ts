// Tokenizing costs time, so planning never tokenizes text that cannot fit: a file too large for what
// is left of the push budget, even at the most characters a token ever averages, is left out unread.
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../src/prompt/build-prompt.js';
import { loadTokenCounter } from '../../../src/prompt/tokens.js';
import { requestBuilder } from '../../../src/review/model-phase.js';
import { BUDGET_REASON, planRequests } from '../../../src/review/plan-requests.js';
import { addedFile, changesetOf } from './plan-fixture.js';

const template = await loadTemplate();
const real = await loadTokenCounter();

describe('planRequests and text that cannot fit', () => {
  it('leaves out a file far over the push budget without tokenizing it, and reviews the rest', () => {
    const changeset = changesetOf([addedFile('src/small.js', 20), addedFile('data/huge.js', 20_000), addedFile('src/after.js', 20)]);
    const counted: string[] = [];
    const result = planRequests({
      files: changeset.files,
      maxPromptTokens: 8000,
      maxPushTokens: 20_000,
      count: (text) => {
        counted.push(text);
        return real(text);
      },
      build: requestBuilder(
        changeset,
        template,
        { taskContext: 'bd-1: import rates', implemented: null, requirements: null, previousRound: null },
        '',
      ),
    });

    expect(result.skipped).toEqual([{ file: 'data/huge.js', reason: BUDGET_REASON }]);
    expect(result.sent.map((f) => f.path)).toEqual(['src/small.js', 'src/after.js']);
    // No counted text holds the huge file's diff (its header names it; its lines never reach the tokenizer).
    expect(counted.some((text) => text.includes('=== data/huge.js') && text.length > 10_000)).toBe(false);
  });
});
