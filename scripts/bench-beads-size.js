// A Beads export of about 200 MB (.beads/issues.jsonl, 100,000 issues with long descriptions and
// comments) committed in an already pushed commit; the push on top closes one issue and fixes the
// code it names ("(bd-…)" in the subject). Reviewed by the built CLI against the instant local
// model server, as the pre-push hook would: prints the exit code, wall time, peak RSS, the task the
// report names and the task-context warnings. Shows that the export is read within its bounds.
//
// Usage: npm run build && node scripts/bench-beads-size.js [megabytes, default 200]
// BENCH_KEEP=1 keeps the scratch repository.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { startModelServer } from './instant-model-server.js';
import { benchEnv, initPushedRepo } from './large-push-repo.js';
import { mb, measureCli } from './measure-cli.js';

const targetBytes = Number(process.argv[2] ?? 200) * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'rh-bench-beads-'));
const env = benchEnv();
const { dir, git } = initPushedRepo(work, 'repo', env);

const idOf = (n) => `bd-${n.toString(36).padStart(4, '0')}`;
const record = (n, status) =>
  JSON.stringify({
    id: idOf(n),
    title: `Order batch ${n}: round totals per line`,
    description: `Totals of batch ${n} are rounded once at the end. ${'Each line keeps its own rounding; see the plan. '.repeat(30)}`,
    status,
    priority: n % 5,
    issue_type: 'task',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: status === 'closed' ? '2026-02-02T00:00:00Z' : '2026-01-02T00:00:00Z',
    comments: [{ id: `c${n}`, issue_id: idOf(n), author: 'agent', text: 'Progress: '.repeat(20), created_at: '2026-01-03T00:00:00Z' }],
  });

// Writes the export line by line: the benchmark itself must not hold 200 MB.
async function writeExport(closed) {
  mkdirSync(join(dir, '.beads'), { recursive: true });
  const out = createWriteStream(join(dir, '.beads', 'issues.jsonl'));
  let bytes = 0;
  let n = 0;
  while (bytes < targetBytes) {
    const line = `${record(n, n === closed ? 'closed' : 'open')}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return { bytes, issues: n };
}

const task = 4242;
const { bytes, issues } = await writeExport(-1);
git('add', '-A');
git('commit', '-q', '-m', 'Track the order batches');
git('push', '-q', 'origin', 'main');
await writeExport(task);
mkdirSync(join(dir, 'src'), { recursive: true });
writeFileSync(join(dir, 'src', 'totals.js'), 'export const total = (lines) => lines.reduce((a, l) => a + Math.round(l * 100) / 100, 0);\n');
git('add', '-A');
git('commit', '-q', '-m', `Round each line of a batch (${idOf(task)})`);

const server = await startModelServer(0);
const runEnv = { ...env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'bench', REVIEW_HOOK_MODEL: 'gpt-4o-mini' };
console.log(
  `node ${process.version}; .beads/issues.jsonl ${mb(bytes)}, ${issues.toLocaleString('en-US')} issues; review against the instant server\n`,
);
const run = await measureCli(work, dir, ['--format', 'json', '--no-cache'], runEnv);
server.close();
let summary;
try {
  const report = JSON.parse(run.stdout);
  summary = `verdict ${report.verdict}, task ${JSON.stringify(report.task)}, ${report.usage.requests} requests`;
} catch {
  summary = 'no report';
}
const warnings = run.stderr
  .split('\n')
  .filter((line) => /beads|issues\.jsonl|task context/i.test(line))
  .map((line) => `  ${line.trim()}`);
console.log(`exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${mb(run.rssBytes)}\n  ${summary}`);
console.log(warnings.length > 0 ? warnings.join('\n') : '  (no task-context warnings)');
if (run.code === 2 || !run.stdout) console.log(run.stderr.split('\n').slice(-15).join('\n'));

if (process.env.BENCH_KEEP) console.log(`\nkept ${work}`);
else rmSync(work, { recursive: true, force: true });
