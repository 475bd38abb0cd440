// A push with nothing new stops after the ranges stage, so the stages after it must not be loaded
// with run-review: each is reached only through the dynamic import run-review makes when the run gets
// there. Read from the sources' import statements, type-only imports excluded.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readLoadGraph } from '../../helpers/import-graph.js';

const graph = readLoadGraph(fileURLToPath(new URL('../../../src/', import.meta.url)));

/** Every file loaded as soon as `file` is, itself included. */
function loadedWith(file: string): Set<string> {
  const seen = new Set<string>();
  const walk = (next: string): void => {
    if (seen.has(next)) return;
    seen.add(next);
    for (const imported of graph.get(next)?.static ?? []) walk(imported);
  };
  walk(file);
  return seen;
}

it('run-review loads the ranges stage and no later one, nor the config, checks or model review they need', () => {
  const loaded = [...loadedWith('pipeline/run-review.ts')];
  expect(loaded.filter((file) => file.startsWith('pipeline/')).sort()).toEqual(['pipeline/ranges.ts', 'pipeline/run-review.ts']);
  expect(loaded.filter((file) => /^(config|checks|review|verify|prompt|transport|context|trackers|report\/index)/.test(file))).toEqual([]);
});

it('run-review reaches the later stages by dynamic import, in the order they run', () => {
  expect(graph.get('pipeline/run-review.ts')?.dynamic).toEqual([
    'pipeline/gather.ts',
    'pipeline/check.ts',
    'pipeline/plan.ts',
    'pipeline/ask.ts',
    'pipeline/dry-run.ts',
    'pipeline/review.ts',
    'pipeline/decide.ts',
    'pipeline/emit.ts',
  ]);
});
