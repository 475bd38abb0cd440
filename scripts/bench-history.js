// History benchmark: the first push of a 10,000-commit project (no commit on any remote yet), with a
// private key added in commit 1 and removed in commit 2. maxCommits (100) limits what the model is
// sent; the secret and key checks read every commit through one streamed `git log -p`. Reviewed
// --offline; prints exit code (1 expected: the key blocks), wall time and peak RSS, the finding's
// commit, and for scale the time of a bare `git log -p` over the same history.
//
// Usage: npm run build && node scripts/bench-history.js [commits]
// BENCH_KEEP=1 keeps the scratch repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEnv } from './large-push-repo.js';
import { mb, measureCli } from './measure-cli.js';

const count = Number(process.argv[2] ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'rh-bench-history-'));
const env = benchEnv();
const dir = join(work, 'repo');
execFileSync('git', ['init', '-q', '--bare', join(work, 'origin.git')], { env });
execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
execFileSync('git', ['remote', 'add', 'origin', join(work, 'origin.git')], { cwd: dir, env });

// A key in the armour every scanner knows; the body is filler, not a real key.
const key = [
  '-----BEGIN RSA PRIVATE KEY-----',
  ...Array.from({ length: 6 }, (_, i) => `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${i}BKcwggSjAgEAAoIBAQC7VJTUt9Us8cK`),
  '-----END RSA PRIVATE KEY-----',
  '',
].join('\n');

// One fast-import stream: commit i edits one of 50 modules and appends to a changelog.
const parts = [];
for (let i = 1; i <= count; i++) {
  const files = {
    [`src/module-${i % 50}.js`]: `export const version = ${i};\nexport function step${i}(x) {\n  return x + ${i};\n}\n`,
  };
  if (i === 1) files['deploy/key.pem'] = key;
  if (i === 2) files['deploy/key.pem'] = 'moved to the vault\n';
  const message = `Change ${i}: update module ${i % 50}`;
  parts.push('commit refs/heads/main', `mark :${i}`, `committer Bench <bench@example.com> ${1_600_000_000 + i * 60} +0000`);
  parts.push(`data ${Buffer.byteLength(message)}`, message);
  if (i > 1) parts.push(`from :${i - 1}`);
  for (const [path, content] of Object.entries(files)) parts.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content);
  parts.push('');
}
execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: `${parts.join('\n')}\n`, maxBuffer: 1 << 30 });
execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env });
const first = execFileSync('git', ['rev-list', '--reverse', 'main'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 }).split(
  '\n',
)[0];

const start = process.hrtime.bigint();
const log = execFileSync('git', ['log', '-p', '--unified=0', '--cc', 'main'], { cwd: dir, env, maxBuffer: 1 << 30 });
const gitMs = Number(process.hrtime.bigint() - start) / 1e6;

const run = await measureCli(work, dir, ['--offline', '--format', 'json'], env);
let summary;
try {
  const report = JSON.parse(run.stdout);
  const keyFinding = report.findings.find((f) => f.source === 'check:private-key');
  summary =
    `model range ${report.ranges[0].commits.length} commits; key finding: ${keyFinding ? `${keyFinding.file}:${keyFinding.line} in commit ${keyFinding.commit?.slice(0, 12)}` : 'none'}` +
    ` (commit 1 is ${first.slice(0, 12)})`;
} catch {
  summary = `no report: ${run.stderr.trim().split('\n').pop()}`;
}
console.log(`node ${process.version}; ${count} commits, git log -p output ${mb(log.length)}`);
console.log(`git log -p --cc (for scale): ${(gitMs / 1000).toFixed(1)} s`);
console.log(`review-hook --offline: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${mb(run.rssBytes)}\n  ${summary}`);

if (process.env.BENCH_KEEP) console.log(`\nkept ${work}`);
else rmSync(work, { recursive: true, force: true });
