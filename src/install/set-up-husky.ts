// `npm i -D review-hook husky && npx review-hook install` must be enough for the next push to be
// reviewed. When the project lists husky and has it installed but this clone has not run it yet,
// run husky's own setup (what `npx husky` does) and, like `husky init`, add "prepare": "husky" so
// every clone sets it up on `npm install`.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../domain/env.js';
import { runCommand } from '../run-command.js';

export interface HuskySetup {
  /** husky ran and set core.hooksPath. */
  done: boolean;
  messages: string[];
}

export async function setUpHusky(toplevel: string, nodePath: string, env: Env): Promise<HuskySetup> {
  const bin = join(toplevel, 'node_modules', 'husky', 'bin.js');
  if (!existsSync(bin)) return { done: false, messages: [] };
  // husky is cwd-relative: it needs .git in the directory it runs in.
  const result = await runCommand([nodePath, bin], { cwd: toplevel, env, timeoutMs: 30_000 });
  const said = result.stdout.trim() || result.stderr.trim();
  if (!result.ok || said !== '') {
    return { done: false, messages: [`husky's setup did not finish (${said || `exit ${result.exitCode ?? 'unknown'}`}).`] };
  }
  return { done: true, messages: ['Set up husky in this clone (as `npx husky` does).', ...(await addPrepareScript(toplevel))] };
}

/** Adds "prepare": "husky" when package.json has no prepare script; otherwise says what to add. */
async function addPrepareScript(toplevel: string): Promise<string[]> {
  const path = join(toplevel, 'package.json');
  let text: string;
  let manifest: { scripts?: Record<string, unknown> };
  try {
    text = await readFile(path, 'utf8');
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return [];
  }
  const prepare = manifest.scripts?.prepare;
  if (typeof prepare === 'string') {
    return /\bhusky\b/.test(prepare)
      ? []
      : [`package.json already has a "prepare" script; add \`husky\` to it (e.g. "${prepare} && husky") so every clone sets husky up.`];
  }
  manifest.scripts = { ...manifest.scripts, prepare: 'husky' };
  // The same layout `husky init` writes: the file's own indentation, a final newline.
  await writeFile(path, `${JSON.stringify(manifest, null, /\t/.test(text) ? '\t' : 2)}\n`);
  return ['Added "prepare": "husky" to package.json, so `npm install` sets husky up in every clone.'];
}
