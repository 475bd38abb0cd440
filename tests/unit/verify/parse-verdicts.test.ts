import { describe, expect, it } from 'vitest';
import { parseVerdicts } from '../../../src/verify/parse-verdicts.js';

describe('parseVerdicts', () => {
  const json = JSON.stringify({
    verdicts: [
      { id: 'C1', verdict: 'reject', reason: 'guarded on line 4' },
      { id: 'C2', verdict: 'confirm', reason: 'real' },
    ],
  });
  const cases: Array<{ name: string; content: string | null; finish?: string; refusal?: string; expected: unknown }> = [
    {
      name: 'plain JSON',
      content: json,
      expected: [
        { id: 'C1', verdict: 'reject', reason: 'guarded on line 4' },
        { id: 'C2', verdict: 'confirm', reason: 'real' },
      ],
    },
    {
      name: 'JSON in a fence with prose',
      content: `Here you go:\n\`\`\`json\n${json}\n\`\`\``,
      expected: [
        { id: 'C1', verdict: 'reject', reason: 'guarded on line 4' },
        { id: 'C2', verdict: 'confirm', reason: 'real' },
      ],
    },
    {
      name: 'verdict words in another case or tense',
      content: '{"verdicts":[{"id":" C1 ","verdict":"Rejected","reason":" no "}]}',
      expected: [{ id: 'C1', verdict: 'reject', reason: 'no' }],
    },
    {
      name: 'plain lines',
      content: '- **C1** — reject — the value is checked on line 4\nC2: confirmed: it is real',
      expected: [
        { id: 'C1', verdict: 'reject', reason: 'the value is checked on line 4' },
        { id: 'C2', verdict: 'confirm', reason: 'it is real' },
      ],
    },
  ];
  it.each(cases)('reads $name', ({ content, expected }) => {
    const parsed = parseVerdicts(content, 'stop');
    expect(parsed).toEqual({ ok: true, verdicts: expected });
  });

  const bad: Array<{ name: string; content: string | null; finish?: string; refusal?: string; problem: RegExp }> = [
    { name: 'a cut-off answer, even when it parses', content: json, finish: 'length', problem: /cut off/ },
    { name: 'a refusal', content: null, refusal: 'I cannot help', problem: /refused: I cannot help/ },
    { name: 'an empty answer', content: '  ', problem: /empty/ },
    { name: 'garbage', content: 'lorem ipsum dolor', problem: /holds no verdicts \(it starts: "lorem ipsum dolor"\)/ },
    {
      name: 'JSON of the wrong shape',
      content: '{"verdicts":[{"id":"C1","verdict":"maybe","reason":"x"}]}',
      problem: /does not match the verification format: verdicts\.0\.verdict/,
    },
  ];
  it.each(bad)('refuses $name and says why', ({ content, finish, refusal, problem }) => {
    const parsed = parseVerdicts(content, finish ?? 'stop', refusal ?? null);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});
