// Start-up benchmark: what a push that needs no review costs next to starting node itself.
// Usage: npm run build && node scripts/bench.js [runs]
// Prints median and p90 wall time per scenario, and on Linux the mean CPU time (user + system, git
// children included), which a busy machine stretches far less; compare ratios within one run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childCpuMs } from './child-cpu.js';

const runs = Number(process.argv[2] ?? 30);
const cli = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
for (const key of Object.keys(env)) if (key.startsWith('OPENAI_') || key.startsWith('REVIEW_HOOK_')) delete env[key];

// A repository whose HEAD is already on origin: the ref line describes a push with nothing new.
const dir = mkdtempSync(join(tmpdir(), 'rh-bench-'));
const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
git('init', '-q', '-b', 'main');
git('-c', 'user.name=b', '-c', 'user.email=b@example.com', 'commit', '-q', '--allow-empty', '-m', 'one');
const head = git('rev-parse', 'HEAD');
git('update-ref', 'refs/remotes/origin/main', head);
const zero = '0'.repeat(40);

const scenarios = [
  ['node -e 0 (baseline)', process.execPath, ['-e', '0'], ''],
  ['review-hook --version', process.execPath, [cli, '--version'], ''],
  ['pre-push, no ref lines (up to date)', process.execPath, [cli, 'pre-push', 'origin', 'url'], ''],
  [
    'pre-push, nothing new (published commit)',
    process.execPath,
    [cli, 'pre-push', 'origin', 'url'],
    `refs/heads/x ${head} refs/heads/x ${zero}\n`,
  ],
  ['git rev-parse HEAD (for scale)', 'git', ['rev-parse', 'HEAD'], ''],
];

const results = [];
for (const [name, cmd, args, input] of scenarios) {
  const times = [];
  const cpuBefore = childCpuMs();
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: dir, env, input, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
  }
  const cpu = cpuBefore === null ? null : (childCpuMs() - cpuBefore) / runs;
  times.sort((a, b) => a - b);
  results.push({ name, median: times[Math.floor(runs / 2)], p90: times[Math.floor(runs * 0.9)], cpu });
}
const base = results[0];
console.log(`runs per scenario: ${runs}`);
for (const r of results) {
  const cpu = r.cpu === null ? '' : `  cpu ${r.cpu.toFixed(1).padStart(6)} ms  ×${(r.cpu / base.cpu).toFixed(2)}`;
  console.log(
    `${r.name.padEnd(44)} median ${r.median.toFixed(1).padStart(7)} ms  p90 ${r.p90.toFixed(1).padStart(7)} ms  ×${(r.median / base.median).toFixed(2)}${cpu}`,
  );
}
rmSync(dir, { recursive: true, force: true });
