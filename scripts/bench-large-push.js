// Large-push benchmark: 60 modules, one 1,500-line file, a lockfile and a binary in one commit,
// reviewed with a small maxPromptTokens so it takes several requests. Measures the number of
// requests, wall time against an instant model server and one that takes 1 s per answer (with
// concurrency 4 and 1, so the overlap shows), the CLI's peak RSS, and its own time (--offline:
// checks only; --dry-run: everything but the model call) next to `git diff` of the same range.
// BENCH_KEEP=1 keeps the scratch repository for profiling.
//
// Usage: npm run build && node scripts/bench-large-push.js [runs]
// The model server is a tiny OpenAI-compatible imitation in this process; nothing leaves the machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startModelServer } from './instant-model-server.js';
import { benchEnv, buildLargePushRepo } from './large-push-repo.js';

const runs = Number(process.argv[2] ?? 5);
const cli = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');
const MAX_PROMPT_TOKENS = 4000;

const work = mkdtempSync(join(tmpdir(), 'rh-bench-large-'));
const env = benchEnv();

// ---- the repository ------------------------------------------------------------------------------
const { dir, base, head } = buildLargePushRepo(work, env);

// ---- the model server ----------------------------------------------------------------------------
const server = await startModelServer(0);
const baseURL = server.baseURL;

// The CLI runs under a tiny wrapper that records its own peak RSS when it exits.
const wrapper = join(work, 'measure.mjs');
writeFileSync(
  wrapper,
  `import { writeFileSync } from 'node:fs';\n` +
    `process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n` +
    `await import(${JSON.stringify(cli)});\n`,
);
const rssFile = join(work, 'rss.txt');

/** Runs a command without blocking this process (the model server lives here); resolves with its time. */
function timed(cmd, args, extraEnv = {}) {
  return new Promise((ok, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: dir, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else ok({ ms, stdout, stderr });
    });
  });
}

function setConfig(concurrency) {
  writeFileSync(join(dir, '.reviewrc.json'), JSON.stringify({ model: 'gpt-4o-mini', maxPromptTokens: MAX_PROMPT_TOKENS, concurrency }));
}

async function review(label, { delay, concurrency, times, args = ['--format', 'json', '--no-cache'] }) {
  server.state.delayMs = delay;
  setConfig(concurrency);
  const samples = [];
  let sent = 0;
  let rss = 0;
  let peak = 0;
  for (let i = 0; i < times; i++) {
    server.state.requests = 0;
    server.state.peakInFlight = 0;
    const result = await timed(process.execPath, [wrapper, ...args], {
      OPENAI_BASE_URL: baseURL,
      OPENAI_API_KEY: 'sk-bench',
      BENCH_RSS_FILE: rssFile,
    });
    samples.push(result.ms);
    sent = server.state.requests;
    peak = Math.max(peak, server.state.peakInFlight);
    rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')));
  }
  return { label, ...stats(samples), requests: sent, peakInFlight: peak, rssMB: rss / 1024 };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
}

async function gitDiff() {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push((await timed('git', ['diff', '--no-color', '--no-ext-diff', '-M', base, head])).ms);
  return { label: `git diff ${base.slice(0, 7)}..${head.slice(0, 7)}`, ...stats(samples) };
}

try {
  const rows = [];
  rows.push(await gitDiff());
  rows.push(
    await review('review-hook --offline (checks only)', {
      delay: 0,
      concurrency: 4,
      times: runs,
      args: ['--offline', '--format', 'json', '--no-cache'],
    }),
  );
  rows.push(
    await review('review-hook --dry-run (no model)', {
      delay: 0,
      concurrency: 4,
      times: runs,
      args: ['--dry-run', '--format', 'json', '--no-cache'],
    }),
  );
  rows.push(await review('review-hook, instant server, concurrency 4', { delay: 0, concurrency: 4, times: runs }));
  rows.push(await review('review-hook, 1 s per answer, concurrency 4', { delay: 1000, concurrency: 4, times: Math.min(runs, 3) }));
  rows.push(await review('review-hook, 1 s per answer, concurrency 1', { delay: 1000, concurrency: 1, times: 1 }));

  const plan = JSON.parse(
    (
      await timed(process.execPath, [cli, '--dry-run', '--format', 'json', '--no-cache'], {
        OPENAI_BASE_URL: baseURL,
        OPENAI_API_KEY: 'sk-bench',
      })
    ).stdout,
  );
  console.log(
    `push: 60 modules + a 1,500-line file + lockfile + binary (${plan.reviewed.length} files reviewed, ${plan.skipped.length} not sent)`,
  );
  console.log(
    `maxPromptTokens ${MAX_PROMPT_TOKENS}: ${plan.requests.length} requests, ${plan.tokens} prompt tokens, largest ${Math.max(...plan.requests.map((r) => r.tokens))}`,
  );
  console.log(`runs: ${runs} (1 s scenarios: up to 3, concurrency 1: once); median (min) wall time`);
  for (const row of rows) {
    const extra =
      row.requests === undefined
        ? ''
        : `  requests ${String(row.requests).padStart(2)}  peak in flight ${row.peakInFlight}  peak RSS ${row.rssMB.toFixed(0)} MB`;
    console.log(`${row.label.padEnd(46)} ${row.median.toFixed(0).padStart(6)} ms (${row.min.toFixed(0)})${extra}`);
  }
} finally {
  server.close();
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
