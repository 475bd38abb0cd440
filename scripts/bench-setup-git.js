// The two git layers side by side: what simple-git (the setup commands' layer) costs next to the
// review path's spawn module, and what the setup commands cost as a whole.
//   - N sequential `git rev-parse --show-toplevel` through exec-git.js, the setup layer, and
//     simple-git with its default settings; plain execFile for the floor
//   - reading an unset key: `config --get` (prints nothing) through each layer, and the config
//     list the setup layer reads instead; simple-git waits 50 ms after a command that prints nothing
//   - importing simple-git in a fresh node, against `node -e 0`
//   - `review-hook doctor` (no key: nothing leaves the machine), `install` and `uninstall` in a
//     plain repository; with --before <dir>, also the build in <dir> (a copy of bin/ and dist/
//     from before the change) in the same run, alternating, so the two see the same machine
// Usage: npm run build && node scripts/bench-setup-git.js [--runs N] [--calls N] [--before <dir>]
// Prints medians; compare ratios within one run (machines are shared).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleGit } from 'simple-git';
import { importSource } from './import-source.js';

const { createGit } = await importSource('src/git/exec-git.ts');
const { createSetupGit } = await importSource('src/git/setup-git.ts');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, calls: { type: 'string', default: '100' }, before: { type: 'string' } },
});
const runs = Number(values.runs);
const calls = Number(values.calls);
const after = resolve(import.meta.dirname, '..', 'bin', 'review-hook.js');
const before = values.before ? resolve(values.before, 'bin', 'review-hook.js') : null;

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
for (const key of Object.keys(env)) if (/^(OPENAI_|REVIEW_HOOK_|AZURE_|ANTHROPIC_)/.test(key)) delete env[key];
const work = mkdtempSync(join(tmpdir(), 'rh-bench-setup-'));
const dir = join(work, 'repo');
execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.com', 'commit', '-q', '--allow-empty', '-m', 'one'], {
  cwd: dir,
  env,
});

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const rows = [];

/**
 * Times each case `runs` times, taking the cases in turn within a run so that all of them see the
 * same load; reports the median of each, divided by `per` (calls per sample).
 */
async function group(cases, per = 1, unit = 'ms') {
  const times = cases.map(() => []);
  for (const [, run] of cases) await run(); // warm up
  for (let r = 0; r < runs; r++) {
    for (const [i, [, run]] of cases.entries()) {
      const start = process.hrtime.bigint();
      await run();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6 / per);
    }
  }
  for (const [i, [name]] of cases.entries()) rows.push([name, median(times[i]), unit]);
}
const repeat = (n, call) => async () => {
  for (let i = 0; i < n; i++) await call();
};

const floor = () =>
  new Promise((ok, fail) => execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir, env }, (e) => (e ? fail(e) : ok())));
const spawnLayer = createGit(dir, env);
const setupLayer = createSetupGit(dir, env);
const defaults = simpleGit({ baseDir: dir });

await group(
  [
    ['rev-parse: execFile (floor)', repeat(calls, floor)],
    ['rev-parse: exec-git.js (review path)', repeat(calls, () => spawnLayer.run(['rev-parse', '--show-toplevel']))],
    ['rev-parse: setup-git.js (simple-git, as configured)', repeat(calls, () => setupLayer.git.revparse(['--show-toplevel']))],
    ['rev-parse: simple-git defaults', repeat(calls, () => defaults.revparse(['--show-toplevel']))],
  ],
  calls,
  'ms/call',
);

const unsetCalls = Math.max(5, Math.floor(calls / 5));
await group(
  [
    ['unset key: exec-git.js config --get', repeat(unsetCalls, () => spawnLayer.tryRun(['config', '--get', 'core.hooksPath']))],
    [
      'unset key: setup-git.js getConfig (prints nothing)',
      repeat(unsetCalls, () => setupLayer.git.getConfig('core.hooksPath').catch(() => undefined)),
    ],
    ['unset key: setup-git.js listConfig (what it uses)', repeat(unsetCalls, () => setupLayer.git.listConfig())],
  ],
  unsetCalls,
  'ms/call',
);

/** Runs node with `argv` to its end; install and uninstall must succeed (doctor fails: no key, no hook). */
const node =
  (argv, cwd = dir, mustPass = false) =>
  () => {
    const result = spawnSync(process.execPath, argv, { cwd, env, encoding: 'utf8' });
    if (mustPass && result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  };
await group([
  ['node -e 0', node(['-e', '0'])],
  ['node: import simple-git', node(['--input-type=module', '-e', "import 'simple-git'"], resolve(import.meta.dirname, '..'), true)],
]);

const builds = before
  ? [
      ['before', before],
      ['after', after],
    ]
  : [['after', after]];
await group(builds.map(([label, cli]) => [`review-hook doctor (${label})`, node([cli, 'doctor'])]));
// install then uninstall, so every install writes the hook and every uninstall removes it.
await group(
  builds.flatMap(([label, cli]) => [
    [`review-hook install (${label})`, node([cli, 'install'], dir, true)],
    [`review-hook uninstall (${label})`, node([cli, 'uninstall'], dir, true)],
  ]),
);

console.log(`runs: ${runs}; calls per run: ${calls} (unset key: ${unsetCalls}); ${execFileSync('git', ['--version']).toString().trim()}`);
for (const [name, ms, unit] of rows) console.log(`${name.padEnd(56)} ${ms.toFixed(2).padStart(8)} ${unit}`);
rmSync(work, { recursive: true, force: true });
