// `review-hook install` and `uninstall`: add or remove the marked block in the pre-push hook,
// never clobbering a hook that is not ours.
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InstallError } from '../errors.js';
import type { Env } from '../domain/env.js';
import type { SetupGit } from '../git/setup-git.js';
import { setUpHusky } from './set-up-husky.js';
import { findHookTarget, type HookTarget } from './find-hook-target.js';
import { classifyHook } from './hook-kind.js';
import { findBlock, insertBlock, isEffectivelyEmpty, removeBlock, renderBlock } from './hook-script.js';

export interface InstallOptions {
  /** The setup git layer, bound to the repository's cwd and environment. */
  git: SetupGit;
  /** Absolute path of the review-hook bin script that is running. */
  cliPath: string;
  /** Absolute path of the node executable that is running. */
  nodePath: string;
  /** The environment, for running husky's own setup when the project has husky but this clone has not run it. */
  env?: Env;
}

export interface InstallResult {
  action: 'installed' | 'already-installed' | 'updated' | 'removed' | 'not-installed';
  file: string;
  messages: string[];
}

const EXECUTABLE = 0o755;
/** husky runs .husky/pre-push with `sh -e`, so it needs no execute bit (husky's own files have none). */
const HUSKY_FILE = 0o644;

/** The file's bytes and mode, or null when it does not exist. Refuses what cannot be edited safely. */
async function readHook(file: string): Promise<{ content: Buffer; mode: number } | null> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InstallError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (stats.isSymbolicLink()) {
    // Writing through the link would edit a file elsewhere (often a tracked script); replacing the
    // link would clobber the user's setup. Neither is ours to decide.
    throw new InstallError(`${file} is a symbolic link, so review-hook will not edit it`, {
      hint: `Add the review-hook block to the file it points to by hand, or remove the link and run review-hook install again.`,
    });
  }
  if (!stats.isFile()) throw new InstallError(`${file} exists but is not a regular file`);
  try {
    return { content: await readFile(file), mode: stats.mode & 0o7777 };
  } catch (error) {
    throw new InstallError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Replaces the file in one step (a push running at the same moment sees the old or the new hook). */
async function writeHook(file: string, text: string, mode: number): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.review-hook-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, text, { mode });
    await chmod(temp, mode); // writeFile's mode is filtered by the umask.
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InstallError(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}

const checksExecBit = () => platform() !== 'win32';

function whereNotes(target: HookTarget, cliPath: string): string[] {
  const notes = [...target.notes];
  if (/[\\/]_npx[\\/]/.test(cliPath)) {
    notes.push(
      `review-hook is running from npx's cache (${cliPath}), which npm may clear; install it as a devDependency ` +
        '(npm install --save-dev review-hook) so the hook keeps finding it.',
    );
  }
  return notes;
}

export async function installHook(options: InstallOptions): Promise<InstallResult> {
  let target = await findHookTarget(options.git);
  if (target.mode === 'husky-pending' && options.env) {
    const setup = await setUpHusky(target.toplevel, options.nodePath, options.env);
    if (setup.done) {
      const ready = await findHookTarget(options.git);
      target = { ...ready, notes: [...setup.messages, ...ready.notes] };
    } else {
      target = { ...target, notes: [...setup.messages, ...target.notes] };
    }
  }
  const { file } = target;
  const shellHook = target.mode === 'plain';
  const existing = await readHook(file);
  const render = (createdFile: boolean) =>
    renderBlock({ recorded: shellHook ? { nodePath: options.nodePath, cliPath: options.cliPath } : null, createdFile });

  if (existing === null) {
    // A plain hook is exec'd by git and needs a shebang; husky's file is run by `sh -e`.
    const text = (shellHook ? '#!/bin/sh\n' : '') + render(true);
    await writeHook(file, text, shellHook ? EXECUTABLE : HUSKY_FILE);
    return { action: 'installed', file, messages: whereNotes(target, options.cliPath) };
  }

  const before = existing.content.toString('utf8');
  const search = findBlock(before);
  if (search.kind === 'malformed') {
    throw new InstallError(`${file} has a damaged review-hook block: ${search.reason}`, {
      hint: 'Remove the lines between "# >>> review-hook >>>" and "# <<< review-hook <<<" by hand, then run review-hook install again.',
    });
  }

  if (search.kind === 'present') {
    const after = insertBlock(before, render(search.createdFile));
    // Our own hook lost its execute bit (a copy, an unzip): git would skip it, so restore it.
    const mode = shellHook && checksExecBit() && (existing.mode & 0o111) === 0 ? existing.mode | 0o111 : existing.mode;
    if (after === before && mode === existing.mode) {
      return { action: 'already-installed', file, messages: whereNotes(target, options.cliPath) };
    }
    await writeHook(file, after, mode);
    return { action: 'updated', file, messages: whereNotes(target, options.cliPath) };
  }

  // Someone else's hook: chain in front of it, or refuse.
  if (shellHook) {
    const kind = classifyHook(existing.content);
    if (kind.kind !== 'shell') {
      const what = kind.kind === 'binary' ? 'a binary program' : `a ${kind.interpreter} script`;
      throw new InstallError(`${file} already exists and is ${what}; review-hook only adds itself to shell hooks`, {
        hint:
          'Keep it and chain it by hand (the review-hook block hands the ref lines on, so the old hook still ' +
          `reads them on stdin): mv '${file}' '${file}.local' && review-hook install && ` +
          `printf '%s\\n' 'exec "${file}.local" "$@"' >> '${file}'`,
      });
    }
    if (checksExecBit() && (existing.mode & 0o111) === 0) {
      throw new InstallError(`${file} exists but is not executable, so git does not run it`, {
        hint: `If it should run, make it executable (chmod +x '${file}'); if not, delete it. Then run review-hook install again.`,
      });
    }
  } else if (existing.content.subarray(0, 8000).includes(0)) {
    throw new InstallError(`${file} is not a text file; husky runs it with sh`, {
      hint: 'Fix or remove it, then run review-hook install again.',
    });
  }
  await writeHook(file, insertBlock(before, render(false)), existing.mode);
  return {
    action: 'installed',
    file,
    messages: [
      `Added in front of the existing commands in ${file}; they still receive the ref lines on stdin ` +
        '(and in $REVIEW_HOOK_REFS). If a tool regenerates that file, run review-hook install again.',
      ...whereNotes(target, options.cliPath),
    ],
  };
}

/** Removes our block from the file install would use and from the other places it may have used before. */
export async function uninstallHook(options: InstallOptions): Promise<InstallResult> {
  const target = await findHookTarget(options.git);
  // The layout may have changed since install (husky set up later, core.hooksPath changed), and a
  // forgotten block would keep blocking pushes after uninstall.
  const candidates = [...new Set([target.file, join(target.commonDir, 'hooks', 'pre-push'), join(target.toplevel, '.husky', 'pre-push')])];
  const messages: string[] = [];
  let first: string | null = null;
  for (const file of candidates) {
    // Only the target may be refused loudly; elsewhere a file we cannot read is not ours to judge.
    const existing = file === target.file ? await readHook(file) : await readHook(file).catch(() => null);
    if (existing === null) continue;
    const before = existing.content.toString('utf8');
    const search = findBlock(before);
    if (search.kind === 'absent') continue;
    if (search.kind === 'malformed') {
      throw new InstallError(`${file} has a damaged review-hook block: ${search.reason}`, {
        hint: 'Remove the lines between "# >>> review-hook >>>" and "# <<< review-hook <<<" by hand.',
      });
    }
    const after = removeBlock(before);
    if (search.createdFile && isEffectivelyEmpty(after)) {
      await rm(file, { force: true }).catch((error: unknown) => {
        throw new InstallError(`cannot delete ${file}: ${(error as Error).message}`, { cause: error });
      });
      messages.push(`Deleted ${file}: review-hook created it and nothing else was in it.`);
    } else {
      await writeHook(file, after, existing.mode);
      messages.push(`Removed the review-hook block from ${file}; the rest of the file is as it was.`);
    }
    first ??= file;
  }
  if (first === null) return { action: 'not-installed', file: target.file, messages: [] };
  return { action: 'removed', file: first, messages };
}
