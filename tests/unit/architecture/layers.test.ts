// The layout's rules, checked on the real import graph of src/: imports go one way, down the layers
// below, and no files import each other in a circle. README "Architecture" describes the layers.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, type Layer, layerViolations, readImportGraph } from '../../helpers/import-graph.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Lowest first. A file may import its own layer and the layers before it, never one after it. */
const LAYERS: Layer[] = [
  { name: 'domain', members: ['domain/', 'errors.ts', 'atomic-write.ts'] },
  { name: 'platform', members: ['git/', 'run-command.ts', 'timers.ts'] },
  {
    name: 'parts',
    members: [
      'config/',
      'providers/',
      'cost/',
      'checks/',
      'findings/',
      'prompt/',
      'report/',
      'policy/',
      'context/',
      'llm/',
      'cache/',
      'state/',
      'ack/',
      'overrides/',
      'hook-input/',
      'install/',
      'progress.ts',
    ],
  },
  { name: 'stages', members: ['review/', 'verify/'] },
  { name: 'pipeline', members: ['review/run-review.ts', 'review/review-ranges.ts', 'review/dry-run.ts', 'review/ask-at-terminal.ts'] },
  { name: 'commands', members: ['commands.ts', 'run-cli.ts', 'ci/', 'eval/', 'doctor/', 'index.ts'] },
  { name: 'entry', members: ['cli.ts'] },
];

describe('the import graph of src/', () => {
  const graph = readImportGraph(SRC);

  it('is read whole', () => {
    expect(graph.get('cli.ts')).toContain('run-cli.ts');
    expect(graph.get('run-cli.ts')).toContain('commands.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no cycles', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('only imports down the layers', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const graph = new Map([
    ['cli.ts', ['pipeline/run.ts']],
    ['pipeline/run.ts', ['git/exec.ts', 'pipeline/stages.ts']],
    ['pipeline/stages.ts', ['pipeline/run.ts']],
    ['git/exec.ts', ['pipeline/run.ts', 'git/exec.ts']],
    ['stray.ts', []],
  ]);
  const layers: Layer[] = [
    { name: 'low', members: ['git/'] },
    { name: 'high', members: ['pipeline/', 'cli.ts'] },
  ];

  it('find a cycle of any length, and a file importing itself', () => {
    expect(findCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts']]);
    expect(findCycles(graph)).toEqual([['git/exec.ts', 'pipeline/run.ts', 'pipeline/stages.ts']]);
  });

  it('find an import up the layers, and a file no layer names', () => {
    expect(layerViolations(graph, layers)).toEqual([
      'git/exec.ts (low) imports pipeline/run.ts (high)',
      'stray.ts is in no layer: add its folder to a layer',
    ]);
  });
});
