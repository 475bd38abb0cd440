// Review-cache benchmark on the large push of bench-large-push.js (60 modules, a 1,500-line file, a
// lockfile and a binary), run as git runs the hook (`pre-push` with the ref line on stdin):
//   - a push with nothing new (a published commit): the floor every push pays
//   - the same push again once its review is cached: no request, the findings replayed
//   - the full review with the cache off, against an instant model server (21 requests), and
//     against one that takes 1 s per answer (closer to a real model; up to 3 runs)
//   - checks only (--offline), the part of a cache hit that is not the cache
//   - `git diff` of the same range, for scale
// Usage: npm run build && node scripts/bench-cache.js [runs]
// The model server is a tiny OpenAI-compatible imitation in this process; nothing leaves the machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, buildLargePushRepo } from './large-push-repo.js';

const runs = Number(process.argv[2] ?? 7);
const cli = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');
const work = mkdtempSync(join(tmpdir(), 'rh-bench-cache-'));
const env = benchEnv();
const { dir, origin, base, head } = buildLargePushRepo(work, env);
const zero = '0'.repeat(40);

const CLEAN = JSON.stringify({ summary: 'Fine.', findings: [], strengths: [], requirements: [], verdict: 'ready' });
let requests = 0;
let delayMs = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    const size = Buffer.concat(chunks).length;
    const text = JSON.stringify({
      id: `chatcmpl-${requests}`,
      object: 'chat.completion',
      created: 0,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: CLEAN, refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: Math.ceil(size / 4), completion_tokens: 20, total_tokens: Math.ceil(size / 4) + 20 },
    });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }, delayMs);
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const modelEnv = { OPENAI_BASE_URL: `http://127.0.0.1:${server.address().port}/v1`, OPENAI_API_KEY: 'sk-bench' };

function setConfig(cache) {
  writeFileSync(join(dir, '.reviewrc.json'), JSON.stringify({ model: 'gpt-4o-mini', maxPromptTokens: 4000, concurrency: 4, cache }));
}

/** Runs a command without blocking this process (the model server lives here); resolves with its time. */
function timed(cmd, args, input = '') {
  return new Promise((ok, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: dir, env: { ...env, ...modelEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else ok({ ms, stderr });
    });
    child.stdin.end(input);
  });
}

async function measure(label, cmd, args, input = '', check = () => {}, times = runs) {
  const samples = [];
  let sent = 0;
  for (let i = 0; i < times; i++) {
    requests = 0;
    const result = await timed(cmd, args, input);
    check(result);
    samples.push(result.ms);
    sent = requests;
  }
  samples.sort((a, b) => a - b);
  return { label, median: samples[Math.floor(samples.length / 2)], min: samples[0], requests: sent };
}

const prePush = [cli, 'pre-push', 'origin', origin];
const pushLine = `refs/heads/main ${head} refs/heads/main ${base}\n`;
try {
  const rows = [];
  rows.push(
    await measure(`git diff ${base.slice(0, 7)}..${head.slice(0, 7)}`, 'git', ['diff', '--no-color', '--no-ext-diff', '-M', base, head]),
  );
  setConfig(true);
  rows.push(
    await measure('pre-push, nothing new (published commit)', process.execPath, prePush, `refs/heads/x ${base} refs/heads/x ${zero}\n`),
  );
  // Fill the cache once, then every run is a hit.
  await timed(process.execPath, prePush, pushLine);
  rows.push(
    await measure('pre-push, large push, cache hit', process.execPath, prePush, pushLine, ({ stderr }) => {
      if (requests !== 0 || !stderr.includes('from cache')) throw new Error(`expected a cache hit: ${requests} requests\n${stderr}`);
    }),
  );
  rows.push(await measure('review-hook --offline (checks only)', process.execPath, [cli, '--offline', '--format', 'json']));
  setConfig(false);
  rows.push(await measure('pre-push, large push, full review (no cache)', process.execPath, prePush, pushLine));
  delayMs = 1000;
  rows.push(await measure('  the same, 1 s per answer', process.execPath, prePush, pushLine, () => {}, Math.min(runs, 3)));

  const empty = rows[1].median;
  const diff = rows[0].median;
  console.log(
    'push: 60 modules + a 1,500-line file + lockfile + binary; maxPromptTokens 4000, concurrency 4; instant model server unless said',
  );
  console.log(`runs: ${runs}; median (min) wall time; ratios against the empty push and against git diff`);
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(46)} ${row.median.toFixed(0).padStart(6)} ms (${row.min.toFixed(0).padStart(5)})` +
        `  requests ${String(row.requests).padStart(2)}  ×${(row.median / empty).toFixed(1).padStart(5)} empty push  ×${(row.median / diff).toFixed(0).padStart(4)} git diff`,
    );
  }
} finally {
  server.close();
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
