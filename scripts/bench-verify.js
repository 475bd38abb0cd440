// Does verification keep false Criticals from blocking? Runs `review-hook eval` on the shipped cases
// against a scripted model server, once with `verify: "off"` and once with `verify: "blocking"`.
// The server's review answer to every case carries one false Critical (a made-up null dereference
// at the first changed line) next to the planted defects at their expected lines, as Criticals; its
// verification answer rejects the false one and confirms the rest. With verify off the false
// Critical blocks every clean case; with verify on, none should, while the planted defects still
// block. Prints the false-block rate, the defect block rate, precision, recall, requests and time.
// Usage: npm run build && node scripts/bench-verify.js [rounds]   (needs the `verify` setting in the build)
// The model server is a tiny OpenAI-compatible imitation in this process; nothing leaves the machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv } from './large-push-repo.js';

const rounds = Number(process.argv[2] ?? 1);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin', 'review-hook.js');
const casesDir = join(root, 'eval-cases');
const FALSE_TITLE = 'Possible null dereference of the result';

/** Each shipped case by its task title (what the review request shows), with its first changed file. */
const cases = readdirSync(casesDir)
  .sort()
  .map((id) => {
    const json = JSON.parse(readFileSync(join(casesDir, id, 'case.json'), 'utf8'));
    const after = readdirSync(join(casesDir, id, 'after'), { recursive: true, withFileTypes: true }).find((e) => e.isFile());
    const firstFile = join(after.parentPath, after.name)
      .slice(join(casesDir, id, 'after').length + 1)
      .split('\\')
      .join('/');
    return { id, title: typeof json.task === 'string' ? json.task : json.task.title, expect: json.expect, firstFile };
  });

function reviewAnswer(text) {
  const testCase = cases.find((c) => text.includes(c.title));
  if (!testCase) return { summary: 'Unknown change.', findings: [], strengths: [], requirements: [], verdict: 'ready' };
  const planted = testCase.expect.map((e) => ({
    severity: 'critical',
    category: e.category ?? 'correctness',
    file: e.file,
    line: e.lines === undefined ? null : Array.isArray(e.lines) ? e.lines[0] : e.lines,
    endLine: null,
    quote: null,
    title: 'Planted defect',
    detail: e.note || 'The planted defect.',
  }));
  const falseAlarm = {
    severity: 'critical',
    category: 'correctness',
    file: testCase.firstFile,
    line: 1,
    endLine: null,
    quote: null,
    title: FALSE_TITLE,
    detail: 'The value may be null here.',
  };
  return { summary: 'Review.', findings: [...planted, falseAlarm], strengths: [], requirements: [], verdict: 'not_ready' };
}

/** A verification request lists findings as "### <id> (<severity>, <category>) <where>" then the title. */
function verificationAnswer(text) {
  const verdicts = [...text.matchAll(/^### (\S+) \([^)]*\)[^\n]*\n([^\n]*)/gm)].map(([, id, title]) =>
    title.trim() === FALSE_TITLE
      ? { id, verdict: 'reject', reason: 'The value is checked two lines above; it cannot be null here.' }
      : { id, verdict: 'confirm', reason: 'The cited code does what the finding says.' },
  );
  return { verdicts };
}

let requests = 0;
let verifications = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const text = (body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    const verifying = text.includes('# Finding verification');
    if (verifying) verifications++;
    const content = JSON.stringify(verifying ? verificationAnswer(text) : reviewAnswer(text));
    const size = Buffer.concat(chunks).length;
    const reply = JSON.stringify({
      id: `chatcmpl-${requests}`,
      object: 'chat.completion',
      created: 0,
      model: body.model ?? 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: Math.ceil(size / 4),
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: Math.ceil(size / 4) + Math.ceil(content.length / 4),
      },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));

const work = mkdtempSync(join(tmpdir(), 'rh-bench-verify-'));
const env = { ...benchEnv(), OPENAI_BASE_URL: `http://127.0.0.1:${server.address().port}/v1`, OPENAI_API_KEY: 'sk-bench' };
await run('git', ['init', '-q', '-b', 'main', work]);

function run(cmd, args) {
  return new Promise((ok, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 2 && /verify/.test(stderr) && /not a known key|Unrecognized key|unknown key/i.test(stderr)) {
        fail(new Error('this build has no `verify` setting yet: nothing to compare'));
      } else if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else ok({ stdout, ms: Number(process.hrtime.bigint() - start) / 1e6 });
    });
  });
}

async function evalWith(verify) {
  const config = join(work, `verify-${verify}.json`);
  writeFileSync(config, JSON.stringify({ model: 'gpt-4o-mini', verify, blockOn: 'critical' }));
  requests = 0;
  verifications = 0;
  const { stdout, ms } = await run(process.execPath, [
    cli,
    'eval',
    '--format',
    'json',
    '--quiet',
    '--repeat',
    String(rounds),
    '--config',
    config,
  ]);
  const report = JSON.parse(stdout);
  return { verify, total: report.total, requests, verifications, ms };
}

const pct = (v) => (v === null ? '  n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);
try {
  const rows = [await evalWith('off'), await evalWith('blocking')];
  console.log(
    `${cases.length} shipped cases (${cases.filter((c) => c.expect.length === 0).length} clean), ${rounds} round(s); every review answer holds one false Critical, which the verifier rejects`,
  );
  console.log('verify     false-block rate  defect block rate  precision  recall  requests (verification)  wall time');
  for (const { verify, total, requests: sent, verifications: checked, ms } of rows) {
    console.log(
      `${verify.padEnd(10)} ${pct(total.falseBlockRate).padStart(16)}  ${pct(total.defectBlockRate).padStart(17)}  ${pct(total.precision).padStart(9)}  ${pct(total.recall).padStart(6)}` +
        `  ${String(sent).padStart(8)} (${checked})`.padEnd(25) +
        `  ${(ms / 1000).toFixed(1)} s`,
    );
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
