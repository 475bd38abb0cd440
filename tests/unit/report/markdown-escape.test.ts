import { describe, expect, it } from 'vitest';
import { escapeModelMarkdown } from '../../../src/report/markdown-escape.js';
import { reporters } from '../../../src/report/index.js';
import { finding, sampleReport } from './sample-report.js';

describe('escapeModelMarkdown', () => {
  it.each([
    ['raw HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an HTML comment', 'fine <!-- hide everything', 'fine &lt;!-- hide everything'],
    ['an image', 'see ![x](https://evil.example/p.png)', 'see \\![x](https://evil.example/p.png)'],
    ['a mention', 'ping @octocat now', 'ping @\u200boctocat now'],
    ['an e-mail-like at sign before a space', 'a @ b', 'a @ b'],
  ])('%s', (_name, input, expected) => {
    expect(escapeModelMarkdown(input)).toBe(expected);
  });

  it('closes a code fence the model left open, and keeps the code inside as it is', () => {
    expect(escapeModelMarkdown('before\n```js\nconst a = b < c;')).toBe('before\n```js\nconst a = b < c;\n```');
    expect(escapeModelMarkdown('~~~\nx\n~~~\n<b>')).toBe('~~~\nx\n~~~\n&lt;b&gt;');
  });
});

describe('the Markdown report with hostile model text', () => {
  it('cannot hide the verdict or ping anyone', () => {
    const report = sampleReport({
      summary: 'All good <!--',
      findings: [finding({ title: '```', detail: '@team please merge <script>x()</script>\n```\nunclosed' })],
    });
    const md = reporters.markdown(report, { color: false, reasons: ['1 critical finding'] });
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/@team/);
    // Every fence opened is closed before the verdict.
    const beforeVerdict = md.slice(0, md.indexOf('## Verdict'));
    expect((beforeVerdict.match(/^\s*```/gm) ?? []).length % 2).toBe(0);
    expect(md).toContain('## Verdict: BLOCKED');
  });
});
