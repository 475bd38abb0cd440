// Builds and packs review-hook once, then installs the tarball into a scratch "consumer" project
// exactly as a user would (`npm i -D review-hook husky`). End-to-end tests run that installed copy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    consumerDir: string;
    tarball: string;
  }
}

function npmEnv(): NodeJS.ProcessEnv {
  // `npm test` leaks npm_config_* into children; a nested install must not inherit them.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase().startsWith('npm_') || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return env;
}

export default function setup(project: TestProject): () => void {
  const root = resolve(import.meta.dirname, '..', '..');
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'rh-e2e-')));
  const run = (cmd: string, args: string[], cwd: string) =>
    execFileSync(cmd, args, { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

  run('npm', ['run', 'build', '--silent'], root);
  run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], root);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

  const consumerDir = join(work, 'consumer');
  execFileSync('mkdir', ['-p', consumerDir]);
  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'husky@9.1.7'], consumerDir);

  project.provide('consumerDir', consumerDir);
  project.provide('tarball', tarball);
  return () => rmSync(work, { recursive: true, force: true });
}
