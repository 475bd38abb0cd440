// Measures what a review request costs in tokens beyond the diff it carries, on two pushes built
// here in real repositories (nothing is sent anywhere: it reads the CLI's --print-prompt output):
//  1. a range of 200 commits, each with a subject and a two-line body, touching one small file:
//     the fixed part of the request (everything but the diff's file sections) in tokens;
//  2. 60 modules of 40 lines plus a 1,500-line file with maxPromptTokens 4000 and the default
//     maxPushTokens: the requests, whether every file is sent, and the tokens of all requests
//     against the diff's own tokens (the same diff rendered once, in one request).
//
// Usage: npm run build && node scripts/measure-prompt-tokens.js [path/to/bin/review-hook.js]
// (another build's bin, e.g. an older checkout's, gives the figures to compare with).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { benchEnv } from './large-push-repo.js';

const cli = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'bin', 'review-hook.js'));
const env = { ...benchEnv(), OPENAI_API_KEY: 'sk-measure-only-nothing-is-sent' };
const work = mkdtempSync(join(tmpdir(), 'rh-measure-'));
const tokens = (text) => countTokens(text, { disallowedSpecial: new Set() });

function repoAt(name) {
  const dir = join(work, name);
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  const write = (path, content) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  return { dir, git, write };
}

/** The requests --print-prompt would send, as {tokens, user} with the user message's text. */
function printPrompt(dir, range, config) {
  writeFileSync(join(dir, '.reviewrc.json'), JSON.stringify({ cache: false, ...config }));
  const out = execFileSync(process.execPath, [cli, range, '--print-prompt', '--format', 'json'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const plan = JSON.parse(out);
  return { plan, requests: plan.requests.map((r) => ({ tokens: r.tokens, user: r.messages.find((m) => m.role === 'user').content })) };
}

/** The diff's file sections of a user message: from the first `=== path` line to the closing fence. */
function diffSection(user) {
  const start = user.indexOf('\n=== ');
  const close = /<<<END-DATA-[0-9a-f]+>>>/g;
  close.lastIndex = start;
  const end = close.exec(user)?.index ?? user.length;
  return start < 0 ? '' : user.slice(start + 1, end);
}

// ---- 1. 200 commits ---------------------------------------------------------------------------
{
  const { dir, git, write } = repoAt('commits');
  write('README.md', '# measure\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  const base = git('rev-parse', 'HEAD');
  for (let i = 1; i <= 200; i++) {
    write('src/counter.js', `export const counter = ${i};\n`);
    git('add', '-A');
    git(
      'commit',
      '-q',
      '-m',
      `Raise the counter to ${i} for the batch importer`,
      '-m',
      `The importer reads the counter on start-up; step ${i} of the migration.\nTested with the importer's fixtures.`,
    );
  }
  const { requests } = printPrompt(dir, `${base}..HEAD`, {});
  const [request] = requests;
  const fixed = request.tokens - tokens(diffSection(request.user));
  console.log(
    `200-commit range: 1 request of ${request.tokens} prompt tokens; fixed part (all but the diff's file sections): ${fixed} tokens`,
  );
}

// ---- 2. 60 modules of 40 lines and a 1,500-line file, maxPromptTokens 4000 ------------------------
{
  const { dir, git, write } = repoAt('large');
  write('README.md', '# measure\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  const base = git('rev-parse', 'HEAD');
  for (let n = 0; n < 60; n++) {
    const lines = [];
    for (let i = 0; i < 10; i++) {
      lines.push(
        `export function total${n}_${i}(items) {`,
        `  const sum = items.reduce((acc, item) => acc + item.price * item.quantity, ${i});`,
        `  return Math.round(sum * ${1 + n / 100});`,
        '}',
      );
    }
    write(`src/orders/module-${String(n).padStart(2, '0')}.js`, `${lines.join('\n')}\n`);
  }
  write(
    'src/rates.js',
    Array.from({ length: 1500 }, (_, i) => `export const rate${i + 1} = lookup('region-${i % 37}', ${i + 1}) * 1.0${i % 10};`).join('\n') +
      '\n',
  );
  git('add', '-A');
  git('commit', '-q', '-m', 'Add order helpers and the rate table');

  const whole = printPrompt(dir, `${base}..HEAD`, { maxPromptTokens: 2_000_000, maxPushTokens: 2_000_000 });
  const diffTokens = tokens(diffSection(whole.requests[0].user));
  const split = printPrompt(dir, `${base}..HEAD`, { maxPromptTokens: 4000 });
  const total = split.requests.reduce((sum, r) => sum + r.tokens, 0);
  const budgetSkipped = split.plan.skipped.filter((s) => s.reason === 'budget').length;
  console.log(
    `61 files (60 × 40 lines + 1,500 lines), maxPromptTokens 4000: ${split.requests.length} requests, largest ${Math.max(...split.requests.map((r) => r.tokens))} tokens; ` +
      `${split.plan.reviewed.length} of 61 files sent, ${budgetSkipped} left out for budget`,
  );
  if (process.env.MEASURE_VERBOSE) console.log(split.requests.map((r) => r.tokens).join(' '));
  console.log(`  all requests: ${total} prompt tokens; the diff alone: ${diffTokens} tokens; ratio ${(total / diffTokens).toFixed(3)}`);
}

rmSync(work, { recursive: true, force: true });
