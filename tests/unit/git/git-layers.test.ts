// Two git layers, kept apart: simple-git is loaded by the setup commands only, so the hook (every
// push) never pays for it. Read from the sources' import statements, type-only imports excluded.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readLoadGraph } from '../../helpers/import-graph.js';

const graph = readLoadGraph(fileURLToPath(new URL('../../../src/', import.meta.url)));

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
    'doctor/run-doctor.ts',
    'git/setup-git.ts',
    'git/setup-repo.ts',
    'install/find-hook-target.ts',
    'install/install-hook.ts',
  ]);
});

it('those modules are reached only by the setup commands, through a dynamic import', () => {
  const setupModules = new Set(loadingSimpleGit());
  const importers = [...graph.entries()]
    .filter(([file, imports]) => !setupModules.has(file) && imports.dynamic.some((next) => setupModules.has(next)))
    .map(([file]) => file);
  expect(importers).toEqual(['cli/commands.ts']);
});
