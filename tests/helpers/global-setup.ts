// Builds and packs review-hook once, then installs the tarball into a scratch "consumer" project
// exactly as a user would (`npm i -D review-hook husky`). End-to-end tests run that installed copy.
//
// The work runs in the background while the unit and integration projects run (the e2e project's
// groupOrder puts it after them); each e2e file waits for it first (tests/helpers/e2e-ready.ts).
// The build is skipped when dist/ is newer than every source file (CI has just built it).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    consumerDir: string;
    tarball: string;
    /** Holds {"ok":true} once the package is installed, or {"ok":false,"error":…}. */
    readyFile: string;
  }
}

const execFileAsync = promisify(execFile);

function npmEnv(): NodeJS.ProcessEnv {
  // `npm test` leaks npm_config_* into children; a nested install must not inherit them.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase().startsWith('npm_') || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return env;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ was built after the last change to anything the build reads. */
function distIsFresh(root: string): boolean {
  try {
    const built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
    const inputs = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.js', 'scripts/import-source.js'];
    return inputs.every((input) => newestMtime(join(root, input)) <= built);
  } catch {
    return false;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const root = resolve(import.meta.dirname, '..', '..');
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'rh-e2e-')));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
  const consumerDir = join(work, 'consumer');
  const readyFile = join(work, 'ready.json');
  const run = (cmd: string, args: string[], cwd: string) => execFileAsync(cmd, args, { cwd, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });

  const prepared = (async () => {
    if (!distIsFresh(root)) await run('npm', ['run', 'build', '--silent'], root);
    await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], root);
    mkdirSync(consumerDir);
    writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'husky@9.1.7'], consumerDir);
  })().then(
    () => writeFileSync(readyFile, JSON.stringify({ ok: true })),
    (error: unknown) => {
      const detail = error as { message?: string; stderr?: string; stdout?: string };
      writeFileSync(
        readyFile,
        JSON.stringify({ ok: false, error: `${detail.message ?? String(error)}\n${detail.stderr ?? ''}${detail.stdout ?? ''}` }),
      );
    },
  );

  project.provide('consumerDir', consumerDir);
  project.provide('tarball', tarball);
  project.provide('readyFile', readyFile);
  return async () => {
    await prepared;
    rmSync(work, { recursive: true, force: true });
  };
}
