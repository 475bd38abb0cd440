// Acknowledging one finding: `review-hook ack` records it in the committed .review-acks.jsonl, and
// later pushes do not block on it, even when the code moved and the review is asked again.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, promptOf, type ReviewedRepo, useModelServer } from '../helpers/in-process.js';
import { auditLines, readLastReview } from '../helpers/state-files.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

const QUERY_LINE = '  return db.query("SELECT * FROM t WHERE id = " + id);';
const QUERY = ['export function find(db, id) {', QUERY_LINE, '}', ''].join('\n');
/** The same function with code added above it: the finding's line moves from 2 to 6. */
const MOVED = [
  '// Lookups by id.',
  'import { log } from "./log.js";',
  '',
  'export function find(db, id) {',
  '  log(id);',
  QUERY_LINE,
  '}',
  '',
].join('\n');
const REASON = 'id is validated as an integer by the router';

const ackFile = (hooked: ReviewedRepo): string => readFileSync(join(hooked.repo.dir, '.review-acks.jsonl'), 'utf8');

/** A finding the model raises at `line` and quotes, as a real model re-raising it after a move would. */
function raisedAt(line: number, title = 'SQL built from user input') {
  const review = criticalReview('src/find.js', line, title);
  return { ...review, findings: review.findings.map((f) => ({ ...f, quote: 'db.query("SELECT * FROM t WHERE id = " + id)' })) };
}

async function blockedPush(hooked: ReviewedRepo): Promise<void> {
  server.setDefault({ review: raisedAt(2) });
  hooked.repo.commit('add lookup', { 'src/find.js': QUERY });
  const blocked = await hooked.push(['origin', 'main']);
  expect(blocked.status, blocked.stderr).toBe(1);
}

describe('review-hook ack', () => {
  test('an acknowledged finding does not block a later push with new commits, after the code above it moved', async () => {
    const hooked = await createReviewedRepo({ server });
    await blockedPush(hooked);
    const before = readLastReview(hooked.repo).findings[0]!;

    const acked = await hooked.cli(['ack', 'C1', '--reason', REASON, '--expires', '90d']);
    expect(acked.status, acked.stderr).toBe(0);
    expect(acked.stdout).toContain('acknowledged C1 src/find.js:2 SQL built from user input');
    expect(acked.stdout).toContain('commit .review-acks.jsonl');

    // The file is portable: repository-relative, no machine paths, one entry per line.
    const text = ackFile(hooked);
    expect(text).not.toContain(hooked.repo.dir);
    expect(text).not.toMatch(/\/tmp\/|\/home\/|\\\\/);
    const [entry, ...rest] = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(Object.keys(entry!)).toEqual(['fingerprint', 'file', 'category', 'severity', 'title', 'reason', 'by', 'at', 'expires']);
    expect(entry).toMatchObject({
      fingerprint: before.fingerprint,
      file: 'src/find.js',
      category: 'security',
      severity: 'critical',
      title: 'SQL built from user input',
      reason: REASON,
    });
    expect(entry!.by).toMatch(/<.+@.+>/);
    expect(entry!.expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readFileSync(join(hooked.repo.dir, '.gitattributes'), 'utf8')).toContain('/.review-acks.jsonl merge=union');
    expect(auditLines(hooked.repo).at(-1)).toMatchObject({ source: 'ack', reason: REASON });

    // New commits: the acknowledgement (as the team would commit it), code moved above the finding, an unrelated file.
    hooked.repo.commit('acknowledge the id lookup', {});
    const head = hooked.repo.commit('log lookups; add a helper', {
      'src/find.js': MOVED,
      'src/log.js': 'export function log(x) { console.log(x); }\n',
    });
    const sentBefore = server.chatRequests().length;
    server.setDefault({ review: raisedAt(6) });

    const pushed = await hooked.push(['origin', 'main']);

    expect(pushed.status, pushed.stderr).toBe(0);
    expect(hooked.remoteHead()).toBe(head);
    // A new review was asked (no cache hit), and the model raised the same problem at its new line.
    expect(server.chatRequests().length).toBe(sentBefore + 1);
    const after = readLastReview(hooked.repo);
    expect(after.verdict).toBe('allow');
    expect(after.findings[0]).toMatchObject({
      line: 6,
      fingerprint: before.fingerprint,
      acknowledgement: { reason: REASON, expires: entry!.expires },
    });
    expect(pushed.stderr).toContain(`Acknowledged: ${REASON}`);
    // The model was told, inside the fenced repository data, about the acknowledged finding in the file it reviews.
    const prompt = promptOf(server.chatRequests().at(-1)!);
    const start = prompt.indexOf('## Acknowledged Findings');
    expect(start).toBeGreaterThan(0);
    const section = prompt.slice(start, prompt.indexOf('## Code Changes', start));
    expect(section).toMatch(
      /\n(<<<DATA-[0-9a-f]{12}>>>)\n- src\/find\.js \[critical, security\] SQL built from user input\n {2}Acknowledged because: id is validated as an integer by the router\n<<<END-DATA-[0-9a-f]{12}>>>\n/,
    );
    // The acknowledgements file itself is not sent as code to review.
    expect(prompt).not.toContain('=== .review-acks.jsonl');
  });

  test('an expired acknowledgement blocks again, and the report says which one expired', async () => {
    const hooked = await createReviewedRepo({ server });
    await blockedPush(hooked);
    const { fingerprint } = readLastReview(hooked.repo).findings[0]!;
    // An acknowledgement made long ago that has run out.
    const old = {
      fingerprint,
      file: 'src/find.js',
      category: 'security',
      severity: 'critical',
      title: 'SQL built from user input',
      reason: 'temporary: fixed by the new query layer',
      by: 'Ada <ada@example.com>',
      at: '2019-06-01T10:00:00Z',
      expires: '2020-01-01',
    };
    hooked.repo.commit('acknowledge (long ago)', { '.review-acks.jsonl': `${JSON.stringify(old)}\n` });

    const pushed = await hooked.push(['origin', 'main']);

    expect(pushed.status, pushed.stderr).toBe(1);
    expect(pushed.stderr).toContain('Expired acknowledgements');
    expect(pushed.stderr).toContain('expired on 2020-01-01');
    const report = readLastReview(hooked.repo);
    expect(report.findings[0]!.acknowledgement).toBeNull();
    expect(report.expiredAcknowledgements).toEqual([
      expect.stringContaining('C1 src/find.js:2 SQL built from user input: acknowledged by Ada <ada@example.com> on 2019-06-01'),
    ]);
    // The model is not told about an acknowledgement that no longer applies.
    expect(promptOf(server.chatRequests().at(-1)!)).not.toContain('## Acknowledged Findings');

    const listed = await hooked.cli(['ack', '--list']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('1 acknowledgement in .review-acks.jsonl (1 expired');
    expect(listed.stdout).toContain('EXPIRED on 2020-01-01');

    const pruned = await hooked.cli(['ack', '--prune']);
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('dropped 1 expired acknowledgement');
    expect(ackFile(hooked)).toBe('');
    expect((await hooked.cli(['ack', '--list'])).stdout).toContain('no acknowledgements');
  });

  test('two branches that each acknowledged a finding merge without a conflict', async () => {
    const hooked = await createReviewedRepo({ server });
    const { repo } = hooked;
    const two = raisedAt(2);
    server.setDefault({
      review: {
        ...two,
        findings: [
          ...two.findings,
          { ...two.findings[0]!, line: 1, quote: 'export function find', category: 'correctness', title: 'No check that db is open' },
        ],
      },
    });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await hooked.push(['origin', 'main'])).status).toBe(1);
    const ids = readLastReview(hooked.repo).findings.map((f) => f.id);
    expect(ids).toEqual(['C1', 'C2']);

    repo.git('branch', 'other');
    expect((await hooked.cli(['ack', 'C1', '--reason', 'checked by the router'])).status).toBe(0);
    repo.commit('acknowledge C1');
    repo.git('checkout', '-q', 'other');
    expect((await hooked.cli(['ack', 'C2', '--reason', 'the pool opens it before any request'])).status).toBe(0);
    repo.commit('acknowledge C2');
    repo.git('checkout', '-q', 'main');

    const merged = repo.tryGit(['merge', '--no-edit', 'other']);

    expect(merged.status, merged.stdout + merged.stderr).toBe(0);
    const lines = ackFile(hooked)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reason: string });
    expect(lines.map((l) => l.reason).sort()).toEqual(['checked by the router', 'the pool opens it before any request']);
    // The merged file is read like any other: the next ack tidies it into fingerprint order.
    const listed = await hooked.cli(['ack', '--list']);
    expect(listed.stdout).toContain('2 acknowledgements in .review-acks.jsonl');
  });

  test('without --expires an acknowledgement lasts 90 days, as the help says; --expires never keeps it for good', async () => {
    const hooked = await createReviewedRepo({ server });
    await blockedPush(hooked);
    const today = new Date();
    const in90Days = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 90)).toISOString().slice(0, 10);

    const acked = await hooked.cli(['ack', 'C1', '--reason', REASON]);

    expect(acked.status, acked.stderr).toBe(0);
    expect(acked.stdout).toContain(`acknowledged C1 src/find.js:2 SQL built from user input (until ${in90Days})`);
    expect(JSON.parse(ackFile(hooked).trim())).toMatchObject({ reason: REASON, expires: in90Days });

    const forGood = await hooked.cli(['ack', 'C1', '--reason', REASON, '--expires', 'never']);
    expect(forGood.status, forGood.stderr).toBe(0);
    expect(forGood.stdout).toContain('SQL built from user input (no expiry)');
    expect(JSON.parse(ackFile(hooked).trim())).toMatchObject({ reason: REASON, expires: null });

    const help = await hooked.cli(['ack', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('90d, 12w, YYYY-MM-DD or never (default: 90d)');
  });

  test('bad input is refused with what to do, and nothing is written', async () => {
    const hooked = await createReviewedRepo({ server });
    const none = await hooked.cli(['ack', 'C1', '--reason', REASON]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('there is no review to acknowledge findings of yet');

    await blockedPush(hooked);
    const unknown = await hooked.cli(['ack', 'C7', '--reason', REASON]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('the last review has no finding C7');
    expect(unknown.stderr).toContain('its findings are C1');

    const noReason = await hooked.cli(['ack', 'C1']);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('--reason');

    const badExpiry = await hooked.cli(['ack', 'C1', '--reason', REASON, '--expires', 'soon']);
    expect(badExpiry.status).toBe(2);
    expect(badExpiry.stderr).toContain('--expires soon: not a duration or a date');
    expect(existsSync(join(hooked.repo.dir, '.review-acks.jsonl'))).toBe(false);

    writeFileSync(join(hooked.repo.dir, '.review-acks.jsonl'), '<<<<<<< HEAD\n');
    const conflicted = await hooked.cli(['ack', 'C1', '--reason', REASON]);
    expect(conflicted.status).toBe(2);
    expect(conflicted.stderr).toContain('line 1: an unresolved merge conflict marker');
    expect(ackFile(hooked)).toBe('<<<<<<< HEAD\n');
  });
});
