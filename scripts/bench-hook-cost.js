// The hook's own cost on a project-sized push: 200 commits touching about 100 files (renames, merges,
// tests, docs, config; see project-history-repo.js), measured against the floor of starting node and
// diffing the range. Interleaved over several runs, in one process, so the ratios hold on a busy
// machine: the floor (`node -e 0` then `git diff base head`), `review-hook --offline` (checks only),
// the hook's full review (`review-hook pre-push` with git's ref line) against an instant local model
// server, a push with nothing new next to `node -e 0`, and code-review-gpt 0.6.0's `review` of the same
// change against the same server, both run by their installed binaries.
//
// code-review-gpt reviews staged changes (`git diff --cached`) unless run in CI, where it posts to a
// pull request; so it runs in a second work tree whose HEAD is the pushed base and whose index and
// files are the pushed head. It talks to the server through the OpenAI SDK's OPENAI_BASE_URL.
// It is installed once with npm into BENCH_CRG_PREFIX (default: a folder in the temp dir).
//
// Usage: npm run build && node scripts/bench-hook-cost.js [runs] [--before <dir>]   (npm run bench:cost)
// --before <dir>: another built checkout of review-hook (an older commit, say), whose --offline, full
// review and nothing-new push are measured in the same interleaved runs, for before/after ratios.
// BENCH_KEEP=1 keeps the scratch repository for profiling.
// On Linux each row also shows the command's CPU time (user + system, its git children included; the
// mean over the runs): a machine busy with other work stretches wall times far more than CPU times,
// so there the CPU ratios are the steadier measure of the hook's own work.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childCpuMs } from './child-cpu.js';
import { startModelServer } from './instant-model-server.js';
import { benchEnv } from './large-push-repo.js';
import { buildProjectHistoryRepo } from './project-history-repo.js';

const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const beforeDir = beforeAt >= 0 ? resolve(args.splice(beforeAt, 2)[1] ?? '') : null;
const runs = Number(args[0] ?? 7);
const cli = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');
const beforeCli = beforeDir === null ? null : join(beforeDir, 'bin', 'review-hook.js');
if (beforeCli !== null && !existsSync(beforeCli)) throw new Error(`--before: no ${beforeCli}; give a built checkout of review-hook`);
const CRG_VERSION = '0.6.0';
const crgPrefix = process.env.BENCH_CRG_PREFIX ?? join(tmpdir(), `review-hook-bench-code-review-gpt-${CRG_VERSION}`);
const crgBin = join(crgPrefix, 'node_modules', 'code-review-gpt', 'dist', 'index.js');
const ZERO = '0'.repeat(40);

const work = mkdtempSync(join(tmpdir(), 'rh-bench-cost-'));
const env = benchEnv();
const { dir, git, base, head, commits, touched } = buildProjectHistoryRepo(work, env);
// What the hook reviews by default, without the cache (every run is a first push).
writeFileSync(join(dir, '.reviewrc.json'), JSON.stringify({ model: 'gpt-4o-mini', cache: false }));

// code-review-gpt's view of the same change: HEAD at the base, index and files at the head.
const crgTree = join(work, 'crg-tree');
git('worktree', 'add', '-q', '--detach', crgTree, head);
execFileSync('git', ['reset', '-q', '--soft', base], { cwd: crgTree, env });
let crgNote = '';
if (!existsSync(crgBin)) {
  try {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', crgPrefix, `code-review-gpt@${CRG_VERSION}`], {
      stdio: 'ignore',
    });
  } catch (error) {
    crgNote = `code-review-gpt ${CRG_VERSION} could not be installed (${error.message.split('\n')[0]}); not compared`;
  }
}

const server = await startModelServer(0);
const modelEnv = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-bench' };

/** Runs a command without blocking this process (the model server lives here); resolves with its wall time. */
function timed(cmd, args, { cwd = dir, input = '', extraEnv = {} } = {}) {
  return new Promise((ok, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else ok(ms);
    });
    child.stdin.end(input);
  });
}

const node = process.execPath;
/** The hook's three measures, for one build. */
const hookScenarios = (bin, label) => ({
  [`offline${label}`]: () => timed(node, [bin, '--offline', '--no-cache', '--format', 'json']),
  [`full${label}`]: async () => {
    server.state.requests = 0;
    const ms = await timed(node, [bin, 'pre-push', 'origin', 'bench'], {
      input: `refs/heads/main ${head} refs/heads/main ${base}\n`,
      extraEnv: modelEnv,
    });
    if (server.state.requests === 0) throw new Error('the full review sent no request');
    counts.full = server.state.requests;
    return ms;
  },
  [`nothingNew${label}`]: () =>
    timed(node, [bin, 'pre-push', 'origin', 'bench'], { input: `refs/heads/published ${base} refs/heads/published ${ZERO}\n` }),
});
const scenarios = {
  node: () => timed(node, ['-e', '0']),
  diff: () => timed('git', ['diff', '--no-color', '--no-ext-diff', base, head]),
  ...hookScenarios(cli, ''),
  ...(beforeCli === null ? {} : hookScenarios(beforeCli, 'Before')),
  crg: async () => {
    server.state.requests = 0;
    const ms = await timed(node, [crgBin, 'review'], { cwd: crgTree, extraEnv: modelEnv });
    if (server.state.requests === 0) throw new Error('code-review-gpt sent no request');
    counts.crg = server.state.requests;
    return ms;
  },
};
if (crgNote) delete scenarios.crg;
const counts = {};

try {
  const samples = Object.fromEntries(Object.keys(scenarios).map((k) => [k, []]));
  samples.floor = [];
  // One warm-up round (file cache, npm's first start), then interleaved runs.
  for (const run of Object.values(scenarios)) await run();
  const cpu = Object.fromEntries(Object.keys(scenarios).map((k) => [k, 0]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(scenarios)) {
      const before = childCpuMs();
      samples[name].push(await run());
      if (before !== null) cpu[name] += childCpuMs() - before;
    }
    samples.floor.push(samples.node[i] + samples.diff[i]);
  }
  cpu.floor = cpu.node + cpu.diff;
  const s = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, { ...stats(v), cpu: childCpuMs() === null ? null : cpu[k] / runs }]),
  );

  console.log(`push: ${commits} commits, ${touched} files (renames, merges, tests, docs, config); ${runs} interleaved runs, median (min)`);
  const row = (label, m, ratio = '') =>
    console.log(
      `${label.padEnd(52)} ${m.median.toFixed(0).padStart(6)} ms (${m.min.toFixed(0).padStart(5)})${m.cpu === null ? '' : ` cpu ${m.cpu.toFixed(0).padStart(5)} ms`}  ${ratio}`,
    );
  const x = (a, b, target) =>
    `${(a.median / b.median).toFixed(2)}×${a.cpu === null ? '' : ` (cpu ${(a.cpu / b.cpu).toFixed(2)}×)`} ${target}`;
  row('node -e 0', s.node);
  row('git diff base head', s.diff);
  row('floor: node -e 0 + git diff', s.floor);
  row('review-hook --offline', s.offline, x(s.offline, s.floor, 'the floor (target ≤ 4×)'));
  row(`review-hook pre-push, instant server (${counts.full} req.)`, s.full, x(s.full, s.floor, 'the floor (target ≤ 8×)'));
  row('review-hook pre-push, nothing new', s.nothingNew, x(s.nothingNew, s.node, 'node -e 0 (target ≤ 1.5×)'));
  if (s.offlineBefore) {
    console.log(`before: ${beforeDir}`);
    row(
      '  before: review-hook --offline',
      s.offlineBefore,
      `${x(s.offlineBefore, s.floor, 'the floor;')} after/before ${afterBefore(s.offline, s.offlineBefore)}`,
    );
    row(
      '  before: review-hook pre-push, instant server',
      s.fullBefore,
      `${x(s.fullBefore, s.floor, 'the floor;')} after/before ${afterBefore(s.full, s.fullBefore)}`,
    );
    row(
      '  before: review-hook pre-push, nothing new',
      s.nothingNewBefore,
      `${x(s.nothingNewBefore, s.node, 'node -e 0;')} after/before ${afterBefore(s.nothingNew, s.nothingNewBefore)}`,
    );
  }
  if (s.crg) {
    row(`code-review-gpt ${CRG_VERSION} review, instant server (${counts.crg} req.)`, s.crg, x(s.crg, s.floor, 'the floor'));
    console.log(`review-hook's full review / code-review-gpt's: ${(s.full.median / s.crg.median).toFixed(2)}× (target ≤ 1×)`);
    if (s.fullBefore) console.log(`  before: ${(s.fullBefore.median / s.crg.median).toFixed(2)}×`);
  } else console.log(crgNote);
} finally {
  server.close();
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

function afterBefore(after, before) {
  const cpu = after.cpu === null ? '' : ` (cpu ${(after.cpu / before.cpu).toFixed(2)})`;
  return `${(after.median / before.median).toFixed(2)}${cpu}`;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
}
