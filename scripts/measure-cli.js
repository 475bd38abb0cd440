// Runs the built CLI in a child node process and reports its wall time and peak RSS (recorded by
// the child itself when it exits). Shared by the size and history benchmarks.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');

/** Runs `review-hook <args>` in `cwd`; resolves with exit code, wall ms, peak RSS bytes and stdout. */
export function measureCli(work, cwd, args, env) {
  const wrapper = join(work, 'measure.mjs');
  const rssFile = join(work, 'rss.txt');
  writeFileSync(
    wrapper,
    `import { writeFileSync } from 'node:fs';\n` +
      `process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n` +
      `await import(${JSON.stringify(cli)});\n`,
  );
  return new Promise((ok, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [wrapper, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      ok({ code, ms, rssBytes: Number(readFileSync(rssFile, 'utf8')) * 1024, stdout, stderr });
    });
  });
}

export const mb = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
