// Works out which file the pre-push block belongs in: husky's committed .husky/pre-push when the
// repository uses husky 9, otherwise pre-push in the hooks folder git actually runs.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InstallError } from '../errors.js';
import type { SetupGit } from '../git/setup-git.js';
import { configValue, locateRepo, type SetupRepo } from '../git/setup-repo.js';

export type HookMode =
  /** git runs `<hooksDir>/pre-push` itself. */
  | 'plain'
  /** husky 9: git runs `.husky/_/pre-push`, which runs the committed `.husky/pre-push` with `sh -e`. */
  | 'husky'
  /** husky is a dependency but has not set core.hooksPath in this clone yet. */
  | 'husky-pending';

export interface HookTarget {
  mode: HookMode;
  /** The file that gets the block. */
  file: string;
  toplevel: string;
  /** The git dir shared by all worktrees. */
  commonDir: string;
  /** The folder git runs hooks from (honours core.hooksPath; the common one in a linked worktree). */
  hooksDir: string;
  /** core.hooksPath as configured, or null. */
  hooksPath: string | null;
  /** Things the user should know about this layout. */
  notes: string[];
}

function noWorkTree(repo: Exclude<SetupRepo, { kind: 'work-tree' }>, cwd: string): InstallError {
  if (repo.kind === 'none') {
    return new InstallError(`${cwd} is not inside a git repository`, {
      cause: new Error(repo.stderr),
      hint: 'Run review-hook install from inside the repository the hook is for.',
    });
  }
  const where = repo.kind === 'bare' ? `${repo.gitDir} is a bare repository` : `${cwd} is inside the git dir ${repo.gitDir}`;
  return new InstallError(`a pre-push hook needs a work tree; ${where}`, {
    hint: 'Run review-hook install from the top of a checkout of the repository.',
  });
}

interface HuskyManifest {
  /** package.json lists husky as a dependency or runs it from "prepare". */
  declared: boolean;
  /** "prepare" runs husky, so `npm install` sets it up. */
  prepareRunsHusky: boolean;
}

function readHuskyManifest(toplevel: string): HuskyManifest {
  const none = { declared: false, prepareRunsHusky: false };
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(toplevel, 'package.json'), 'utf8'));
  } catch {
    return none; // No package.json, or one we cannot read: not a husky project as far as we can tell.
  }
  if (typeof manifest !== 'object' || manifest === null) return none;
  const record = manifest as Record<string, unknown>;
  const scripts = record.scripts;
  const prepare = typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, unknown>).prepare : undefined;
  const prepareRunsHusky = typeof prepare === 'string' && /\bhusky\b/.test(prepare);
  const listed = ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => {
    const deps = record[field];
    return typeof deps === 'object' && deps !== null && 'husky' in deps;
  });
  return { declared: listed || prepareRunsHusky, prepareRunsHusky };
}

/** husky 9 points core.hooksPath at `<dir>/_` and puts its `h` runner there. */
function isHuskyHooksDir(hooksDir: string): boolean {
  return basename(hooksDir) === '_' && (existsSync(join(hooksDir, 'h')) || basename(dirname(hooksDir)) === '.husky');
}

/** `located`: the repository already located by the caller (doctor), so git is not asked twice. */
export async function findHookTarget(setup: SetupGit, located?: SetupRepo): Promise<HookTarget> {
  const repo = located ?? (await locateRepo(setup));
  if (repo.kind !== 'work-tree') throw noWorkTree(repo, setup.cwd);
  const { toplevel, commonDir, hooksDir } = repo;
  const hooksPath = await configValue(setup, 'core.hooksPath');
  const base = { toplevel, commonDir, hooksDir, hooksPath };

  if (hooksPath !== null && isHuskyHooksDir(hooksDir)) {
    const huskyDir = dirname(hooksDir);
    const notes: string[] = [];
    if (!existsSync(join(hooksDir, 'pre-push'))) {
      notes.push(`husky has not written ${join(hooksDir, 'pre-push')}; run \`npx husky\` so git runs .husky/pre-push.`);
    }
    notes.push(
      'husky only runs hooks in checkouts where `npx husky` has written .husky/_ (it is gitignored); ' +
        'in a new linked worktree run `npx husky` once, or git skips the hook without a word.',
    );
    return { mode: 'husky', file: join(huskyDir, 'pre-push'), ...base, notes };
  }
  if (hooksPath === null && existsSync(join(toplevel, '.husky', '_', 'h'))) {
    return {
      mode: 'husky',
      file: join(toplevel, '.husky', 'pre-push'),
      ...base,
      notes: [
        'husky is set up in .husky/_ but core.hooksPath is not set, so git does not run it: run `npx husky` ' +
          '(or `npm install` with a "prepare": "husky" script) to switch it on.',
      ],
    };
  }
  const manifest = hooksPath === null ? readHuskyManifest(toplevel) : { declared: false, prepareRunsHusky: false };
  if (manifest.declared) {
    // husky decides where hooks live once it runs; writing .husky/pre-push now puts the block in the
    // committed file the whole team shares, and it starts working as soon as husky is set up. We do
    // not edit package.json: "prepare" often runs other things, and the manifest is the user's.
    const notes = [
      'package.json lists husky but it is not set up in this clone (core.hooksPath is unset), so git will not ' +
        'run .husky/pre-push until you run `npx husky`.',
    ];
    if (!manifest.prepareRunsHusky) {
      notes.push('Add "prepare": "husky" to the scripts in package.json so `npm install` sets husky up for everyone.');
    }
    return { mode: 'husky-pending', file: join(toplevel, '.husky', 'pre-push'), ...base, notes };
  }
  const notes: string[] = [];
  if (hooksPath !== null) {
    notes.push(
      `core.hooksPath is ${hooksPath}, so git runs hooks from ${hooksDir}; if another tool manages that folder ` +
        'and rewrites its hooks, run review-hook install again afterwards (or have that tool run `review-hook pre-push "$@"`).',
    );
  }
  return { mode: 'plain', file: join(hooksDir, 'pre-push'), ...base, notes };
}
