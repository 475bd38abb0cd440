// Huge-push benchmark: a push of 1,000,000 added lines (100 files of 10,000 lines) and a push of one
// 50 MB file on one line, each reviewed --offline (checks only, so no model server is needed). Prints
// the exit code, wall time, the CLI's peak RSS against the push's size, and what was skipped.
// Goals (issue 13.1): under 30 s each, peak RSS at most 4 × the push's size, oversized files
// listed as skipped "too large", never exit 2.
//
// Usage: npm run build && node scripts/bench-huge-push.js
// BENCH_KEEP=1 keeps the scratch repositories.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEnv, initPushedRepo } from './large-push-repo.js';
import { mb, measureCli } from './measure-cli.js';

const work = mkdtempSync(join(tmpdir(), 'rh-bench-huge-'));
const env = benchEnv();

/** A repository with a pushed initial commit, then `write(dir)` committed on top; returns the dir and the push's bytes. */
function buildRepo(name, write) {
  const { dir, git } = initPushedRepo(work, name, env);
  const bytes = write(dir);
  git('add', '-A');
  git('commit', '-q', '-m', `add ${name}`);
  return { dir, bytes };
}

const scenarios = [
  {
    name: 'lines',
    label: '1,000,000 added lines in 100 files',
    write(dir) {
      mkdirSync(join(dir, 'data'));
      let bytes = 0;
      for (let f = 0; f < 100; f++) {
        const rows = [];
        for (let i = 0; i < 10_000; i++) rows.push(`export const rate_${f}_${i} = lookup('region-${i % 37}', ${i}) * 1.0${i % 10};`);
        const text = `${rows.join('\n')}\n`;
        writeFileSync(join(dir, 'data', `rates-${f}.js`), text);
        bytes += Buffer.byteLength(text);
      }
      return bytes;
    },
  },
  {
    name: 'one-line',
    label: 'one 50 MB file on one line',
    write(dir) {
      const text = `${randomBytes(37.5 * 1024 * 1024).toString('base64')}\n`;
      writeFileSync(join(dir, 'blob.txt'), text);
      return Buffer.byteLength(text);
    },
  },
];

console.log(`node ${process.version}; --offline (checks only)\n`);
for (const scenario of scenarios) {
  const { dir, bytes } = buildRepo(scenario.name, scenario.write);
  const run = await measureCli(work, dir, ['--offline', '--format', 'json'], env);
  let summary = '';
  try {
    const report = JSON.parse(run.stdout);
    const reasons = {};
    for (const s of report.coverage.skipped) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
    summary = `reviewed ${report.coverage.reviewed.length}, skipped ${JSON.stringify(reasons)}, findings ${report.findings.length}`;
  } catch {
    summary = `no report: ${run.stderr.trim().split('\n').pop()}`;
  }
  console.log(
    `${scenario.label}: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${mb(run.rssBytes)} ` +
      `for a push of ${mb(bytes)} (${(run.rssBytes / bytes).toFixed(2)} ×)\n  ${summary}`,
  );
}

if (process.env.BENCH_KEEP) console.log(`\nkept ${work}`);
else rmSync(work, { recursive: true, force: true });
