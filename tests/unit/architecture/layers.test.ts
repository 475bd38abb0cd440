// The layout's rules, checked on the real import graph of src/: imports go one way, down the layers
// below, and no files import each other in a circle. README "Architecture" describes the layers.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, type Layer, layerViolations, pluginViolations, readImportGraph } from '../../helpers/import-graph.js';

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
      'trackers/',
      'transport/',
      'hook-input/',
      'install/',
      'progress.ts',
    ],
  },
  { name: 'stages', members: ['review/', 'verify/'] },
  // The run context is the CLI's (it fills it in) and the pipeline's input: it sits with the pipeline.
  { name: 'pipeline', members: ['pipeline/', 'cli/run-context.ts'] },
  { name: 'commands', members: ['cli/', 'ci/', 'eval/', 'doctor/', 'index.ts'] },
  { name: 'entry', members: ['cli.ts'] },
];

describe('the import graph of src/', () => {
  const graph = readImportGraph(SRC);

  it('is read whole', () => {
    expect(graph.get('cli.ts')).toContain('cli/run-cli.ts');
    expect(graph.get('cli/run-cli.ts')).toContain('cli/commands.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no cycles', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('only imports down the layers', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  it('reaches each model transport only through its registry, so a new one is a folder and a line', () => {
    expect(pluginViolations(graph, 'transport/', 'transport/registry.ts')).toEqual([]);
    expect(graph.get('transport/registry.ts')).toContain('transport/chat-completions/client.ts');
  });

  it('reaches each tracker only through its registry, so a new one is a folder and a line', () => {
    expect(pluginViolations(graph, 'trackers/', 'trackers/registry.ts')).toEqual([]);
    expect(new Set([...graph.keys()].filter((f) => /^trackers\/[^/]+\//.test(f)).map((f) => f.split('/')[1]))).toEqual(
      new Set(['beads', 'command']),
    );
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

  it('find a plug-in reached other than through its registry', () => {
    const plugins = new Map([
      ['things/registry.ts', ['things/a/a.ts']],
      ['things/a/a.ts', ['things/a/helper.ts', 'things/thing.ts']],
      ['things/a/helper.ts', []],
      ['things/b/b.ts', ['things/a/helper.ts']],
      ['other.ts', ['things/b/b.ts']],
    ]);
    expect(pluginViolations(plugins, 'things/', 'things/registry.ts')).toEqual([
      'other.ts imports things/b/b.ts: only things/registry.ts may',
      'things/b/b.ts imports things/a/helper.ts: only things/registry.ts may',
    ]);
  });

  it('find an import up the layers, and a file no layer names', () => {
    expect(layerViolations(graph, layers)).toEqual([
      'git/exec.ts (low) imports pipeline/run.ts (high)',
      'stray.ts is in no layer: add its folder to a layer',
    ]);
  });
});
