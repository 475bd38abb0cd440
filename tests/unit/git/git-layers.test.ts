// Two git layers, kept apart: simple-git is loaded by the setup commands only, so the hook (every
// push) never pays for it. Read from the sources' import statements, type-only imports excluded.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

interface Imports {
  static: string[];
  dynamic: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** A project file's path for a relative specifier ('./x.js' -> src/.../x.ts); a package's name otherwise. */
function target(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(ROOT, resolve(dirname(from), specifier.replace(/\.js$/, '.ts')));
}

// Enough of the grammar for this code base (Biome keeps its imports in one shape): `import x from`,
// `import { a,\n b } from`, `export … from`, `import('…')`; `import type` loads nothing.
const STATIC = /^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)';/gm;
const DYNAMIC = /\bimport\('([^']+)'\)/g;

function importsOf(file: string): Imports {
  const text = readFileSync(file, 'utf8');
  return {
    static: [...text.matchAll(STATIC)].map((m) => target(file, m[1]!)),
    dynamic: [...text.matchAll(DYNAMIC)].map((m) => target(file, m[1]!)),
  };
}

const graph = new Map(sourceFiles(SRC).map((file) => [relative(ROOT, file), importsOf(file)]));

/** Modules that load simple-git as soon as they are loaded themselves. */
function loadingSimpleGit(): string[] {
  const memo = new Map<string, boolean>();
  const loads = (file: string, seen: Set<string>): boolean => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    if (seen.has(file)) return false;
    seen.add(file);
    const result = (graph.get(file)?.static ?? []).some((next) => next === 'simple-git' || (graph.has(next) && loads(next, seen)));
    memo.set(file, result);
    return result;
  };
  return [...graph.keys()].filter((file) => loads(file, new Set())).sort();
}

it('only the setup commands’ modules load simple-git, and the entry file and command table do not', () => {
  expect(loadingSimpleGit()).toEqual([
    'src/doctor/run-doctor.ts',
    'src/git/setup-git.ts',
    'src/git/setup-repo.ts',
    'src/install/find-hook-target.ts',
    'src/install/install-hook.ts',
  ]);
});

it('those modules are reached only by the setup commands, through a dynamic import', () => {
  const setupModules = new Set(loadingSimpleGit());
  const importers = [...graph.entries()]
    .filter(([file, imports]) => !setupModules.has(file) && imports.dynamic.some((next) => setupModules.has(next)))
    .map(([file]) => file);
  expect(importers).toEqual(['src/commands.ts']);
});
