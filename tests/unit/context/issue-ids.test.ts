import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ID_PATTERN,
  beadsIdMatcher,
  beadsPrefix,
  collectCandidates,
  patternIdMatcher,
  selectKnownIds,
} from '../../../src/context/issue-ids.js';
import { splitTrailers, stripTrailers } from '../../../src/context/trailers.js';
import type { CommitInfo } from '../../../src/domain/types.js';

const commit = (subject: string, body = '', n = 1): CommitInfo => ({ oid: String(n).repeat(40), subject, body, author: 'A <a@x>' });

describe('splitTrailers', () => {
  const cases: Array<{ name: string; body: string; text: string; trailers: Array<[string, string]> }> = [
    { name: 'no body', body: '', text: '', trailers: [] },
    { name: 'text only', body: 'Explains why.\n\nMore detail.', text: 'Explains why.\n\nMore detail.', trailers: [] },
    {
      name: 'trailers only',
      body: 'Refs: bd-a1b2\nSigned-off-by: A <a@x>\n',
      text: '',
      trailers: [
        ['Refs', 'bd-a1b2'],
        ['Signed-off-by', 'A <a@x>'],
      ],
    },
    {
      name: 'text then trailers',
      body: 'Why.\n\nCloses: bd-1\nCo-authored-by: B <b@x>',
      text: 'Why.',
      trailers: [
        ['Closes', 'bd-1'],
        ['Co-authored-by', 'B <b@x>'],
      ],
    },
    { name: 'a folded trailer value', body: 'Why.\n\nIssue: bd-1\n  and bd-2', text: 'Why.', trailers: [['Issue', 'bd-1 and bd-2']] },
    {
      name: 'a last paragraph that is prose is not trailers',
      body: 'Why.\n\nNote: this\nis prose',
      text: 'Why.\n\nNote: this\nis prose',
      trailers: [],
    },
    { name: 'a link is not a trailer', body: 'See\n\nhttps://example.com/x', text: 'See\n\nhttps://example.com/x', trailers: [] },
    { name: 'CRLF', body: 'Why.\r\n\r\nRefs: bd-1\r\n', text: 'Why.', trailers: [['Refs', 'bd-1']] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const split = splitTrailers(c.body);
      expect(split.text).toBe(c.text);
      expect(split.trailers.map((t) => [t.key, t.value])).toEqual(c.trailers);
      expect(stripTrailers(c.body)).toBe(c.text);
    });
  }
});

describe('beadsPrefix', () => {
  it.each([
    ['bd-a1b2', 'bd'],
    ['bd-main-idj', 'bd-main'],
    ['bd-af78e9a2.1.2', 'bd'],
    ['web_app-42', 'web_app'],
    ['nohyphen', null],
    ['-abc', null],
  ])('%s → %s', (id, prefix) => expect(beadsPrefix(id)).toBe(prefix));
});

describe('beadsIdMatcher', () => {
  const matcher = beadsIdMatcher(['bd', 'bd-main']);
  const cases: Array<[string, string[]]> = [
    ['Fix auth (bd-a1b2)', ['bd-a1b2']],
    ['bd-main-idj is the longer prefix', ['bd-main-idj']],
    ['child bd-af78e9a2.1.2 and bd-x.', ['bd-af78e9a2.1.2', 'bd-x']],
    ['not inside words: xbd-abc, bd-abc-extra, bd-abc_x, path/bd-abc', []],
    ['feature-login, pre-push and bd-pre-push are not ids', []],
    ['upper case hash BD-ABC or bd-ABC is not one', []],
  ];
  for (const [text, ids] of cases) it(`find: ${text}`, () => expect(matcher.find(text)).toEqual(ids));

  const branches: Array<[string, string[]]> = [
    ['bd-a1b2', ['bd-a1b2']],
    ['bd-a1b2-add-login', ['bd-a1b2']],
    ['feature/bd-a1b2_login', ['bd-a1b2']],
    ['bd-main-idj-fix', ['bd-main-idj', 'bd-main']],
    ['fix-bd-a1b2', []],
    ['feature/login-bd-a1b2', []],
    ['main', []],
  ];
  for (const [branch, ids] of branches) it(`branch: ${branch}`, () => expect(matcher.inBranch(branch)).toEqual(ids));

  it('without known prefixes finds anything shaped like an id (bd decides which exist)', () => {
    const loose = beadsIdMatcher(null);
    expect(loose.find('(web-x1y) and feature-login')).toEqual(['web-x1y', 'feature-login']);
    expect(loose.inBranch('users/web-x1y-thing')).toEqual(['web-x1y']);
  });
});

describe('patternIdMatcher', () => {
  it('uses the first capture group, or the whole match', () => {
    const hash = patternIdMatcher('#(\\d+)');
    expect(hash.find('Fixes #12 and #7')).toEqual(['12', '7']);
    const jira = patternIdMatcher('[A-Z]+-\\d+');
    expect(jira.find('PROJ-12: thing')).toEqual(['PROJ-12']);
    expect(jira.inBranch('feature/PROJ-12-login')).toEqual(['PROJ-12']);
    expect(jira.inBranch('fix-PROJ-12')).toEqual([]);
  });

  it('the default pattern reads KEY-123 and #123, not words or anchors', () => {
    const matcher = patternIdMatcher(DEFAULT_ID_PATTERN);
    expect(matcher.find('PROJ-12 fixes #34; see a&#39; and foo-bar and x/#5')).toEqual(['PROJ-12', '34']);
  });
});

describe('collectCandidates', () => {
  const matcher = beadsIdMatcher(['bd']);
  const ids = (input: Partial<Parameters<typeof collectCandidates>[0]>) =>
    collectCandidates({ flags: [], commits: [], branch: null, matcher, changed: [], ...input }).map(
      (c) => `${c.source}:${c.id}${c.loose ? '?' : ''}`,
    );

  it('ranks by source: --issue, records whose text the push rewrites, trailers, (id) in subjects, branch, bodies', () => {
    const commits = [commit('Add form (bd-sub)', 'Mentions bd-body in prose.\n\nRefs: bd-trl', 1)];
    expect(ids({ flags: ['bd-flag'], commits, branch: 'bd-brn-login', changed: ['bd-chg'] })).toEqual([
      'flag:bd-flag',
      'changed:bd-chg',
      'trailer:bd-trl',
      'subject:bd-sub',
      'branch:bd-brn',
      'body:bd-body',
    ]);
  });

  it('each id once, at its best source; within a source more commits first', () => {
    const commits = [
      commit('one (bd-b)', 'Refs: bd-a', 1),
      commit('two (bd-c)', '', 2),
      commit('three (bd-c)', 'bd-a again\n\nIssue: bd-c', 3),
    ];
    expect(ids({ commits })).toEqual(['trailer:bd-a', 'trailer:bd-c', 'subject:bd-b']);
  });

  it('trailer keys are case-insensitive and only issue keys count', () => {
    const commits = [commit('x', 'Why.\n\nFIXES: bd-f\nBeads: bd-g\nReviewed-by: bd-nope\nSee-also: bd-no')];
    expect(ids({ commits })).toEqual(['trailer:bd-f', 'trailer:bd-g']);
  });

  it('a bare hash from --issue or a trailer is kept as a loose token', () => {
    const commits = [commit('x', 'Why.\n\nIssue: a1b2')];
    expect(ids({ flags: ['zz9'], commits })).toEqual(['flag:zz9?', 'trailer:a1b2?']);
  });

  it('subjects count only ids in parentheses; elsewhere in the subject they are ignored', () => {
    expect(ids({ commits: [commit('bd-x in the subject (see bd-y, bd-z)')] })).toEqual(['subject:bd-y', 'subject:bd-z']);
  });
});

describe('selectKnownIds', () => {
  const known = new Set(['bd-a1b2', 'bd-c3d4', 'bd-e5f6', 'bd-g7h8', 'bd-main-idj']);
  it('keeps only ids the tracker has, at most three, best first', () => {
    const picked = selectKnownIds(
      [
        { id: 'feature-login', source: 'branch', loose: false },
        { id: 'bd-c3d4', source: 'trailer', loose: false },
        { id: 'bd-a1b2', source: 'subject', loose: false },
        { id: 'bd-c3d4', source: 'body', loose: false },
        { id: 'bd-e5f6', source: 'body', loose: false },
        { id: 'bd-g7h8', source: 'body', loose: false },
      ],
      known,
    );
    expect(picked).toEqual([
      { id: 'bd-c3d4', source: 'trailer' },
      { id: 'bd-a1b2', source: 'subject' },
      { id: 'bd-e5f6', source: 'body' },
    ]);
  });

  it('resolves a loose hash only when exactly one id ends in it', () => {
    expect(selectKnownIds([{ id: 'a1b2', source: 'flag', loose: true }], known)).toEqual([{ id: 'bd-a1b2', source: 'flag' }]);
    expect(selectKnownIds([{ id: 'idj', source: 'trailer', loose: true }], known)).toEqual([{ id: 'bd-main-idj', source: 'trailer' }]);
    expect(selectKnownIds([{ id: 'a1b2', source: 'flag', loose: true }], new Set(['bd-a1b2', 'web-a1b2']))).toEqual([]);
    // A non-loose id must match exactly.
    expect(selectKnownIds([{ id: 'a1b2', source: 'body', loose: false }], known)).toEqual([]);
  });
});
