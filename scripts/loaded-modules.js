// What a push with nothing new loads: every JavaScript file the hook's process reads as a module (ES
// modules through a loader hook, CommonJS ones through the CommonJS compiler), counted and summed by
// package, so start-up work can be seen and kept small.
// Usage: npm run build && node scripts/loaded-modules.js [path/to/bin/review-hook.js] [--list | --json] [--offline]
// --json prints {modules, bytes, files: [{path, bytes}]} (the end-to-end tests read it).
// --offline measures `review-hook --offline` of one new commit instead (config, checks, secret scanner).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchEnv } from './large-push-repo.js';

const args = process.argv.slice(2);
const list = args.includes('--list');
const json = args.includes('--json');
const offline = args.includes('--offline');
const cli = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(import.meta.dirname, '..', 'bin', 'review-hook.js'));
const env = benchEnv();

const work = mkdtempSync(join(tmpdir(), 'rh-loaded-'));
try {
  // A repository whose HEAD is already on origin: the ref line describes a push with nothing new.
  const repo = join(work, 'repo');
  const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: repo, env, encoding: 'utf8' }).trim();
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env });
  git('commit', '-q', '--allow-empty', '-m', 'one');
  const head = git('rev-parse', 'HEAD');
  git('update-ref', 'refs/remotes/origin/main', head);
  if (offline) {
    writeFileSync(join(repo, 'app.js'), 'export const answer = 42;\n');
    git('add', 'app.js');
    git('commit', '-q', '-m', 'two');
  }

  const log = join(work, 'loaded.txt');
  const hooks = join(work, 'hooks.mjs');
  const preload = join(work, 'preload.mjs');
  // The loader hooks run on their own thread: each loaded URL is appended to the log at once.
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function load(url, context, next) {\n` +
      `  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n');\n` +
      `  return next(url, context);\n}\n`,
  );
  writeFileSync(
    preload,
    `import Module, { register } from 'node:module';\n` +
      `import { appendFileSync } from 'node:fs';\n` +
      `import { pathToFileURL } from 'node:url';\n` +
      `register(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
      // CommonJS files required from CommonJS never reach the loader hook.
      `const compile = Module.prototype._compile;\n` +
      `Module.prototype._compile = function (content, filename) {\n` +
      `  appendFileSync(${JSON.stringify(log)}, pathToFileURL(filename).href + '\\n');\n` +
      `  return compile.call(this, content, filename);\n};\n`,
  );
  writeFileSync(log, '');
  const command = offline ? ['--offline', '--no-cache', '--format', 'json'] : ['pre-push', 'origin', 'url'];
  execFileSync(process.execPath, ['--import', pathToFileURL(preload).href, cli, ...command], {
    cwd: repo,
    env,
    input: offline ? '' : `refs/heads/x ${head} refs/heads/x ${'0'.repeat(40)}\n`,
  });

  const files = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((url) => fileURLToPath(url)),
    ),
  ].filter((file) => file !== preload);
  if (json) {
    const loaded = files.map((path) => ({ path, bytes: statSync(path).size }));
    console.log(JSON.stringify({ modules: loaded.length, bytes: loaded.reduce((sum, file) => sum + file.bytes, 0), files: loaded }));
  } else report(files);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Modules and bytes by package, biggest first. */
function report(files) {
  const byPackage = new Map();
  for (const file of files) {
    const at = file.lastIndexOf('/node_modules/');
    const rest = at < 0 ? '' : file.slice(at + '/node_modules/'.length).split('/');
    const name = at < 0 ? 'review-hook' : rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const entry = byPackage.get(name) ?? { modules: 0, bytes: 0 };
    entry.modules += 1;
    entry.bytes += statSync(file).size;
    byPackage.set(name, entry);
  }
  const total = [...byPackage.values()].reduce((sum, e) => ({ modules: sum.modules + e.modules, bytes: sum.bytes + e.bytes }), {
    modules: 0,
    bytes: 0,
  });
  console.log(
    `${cli}\n${offline ? '--offline, one new commit' : 'pre-push, nothing new'}: ${total.modules} modules, ${(total.bytes / 1024).toFixed(1)} KiB`,
  );
  for (const [name, e] of [...byPackage].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`  ${name.padEnd(40)} ${String(e.modules).padStart(4)} modules ${(e.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
  if (list) for (const file of files) console.log(`  ${file}`);
}
