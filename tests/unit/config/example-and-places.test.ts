import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDefaultSearchPlaces } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { DEFAULTS } from '../../../src/config/schema.js';
import { MODULE_NAME, SEARCH_PLACES } from '../../../src/config/search-places.js';
import { tempDir } from '../../helpers/git-repo.js';

const EXAMPLE = join(import.meta.dirname, '../../../.reviewrc.example');

describe('.reviewrc.example', () => {
  it('copied to .reviewrc, loads to exactly DEFAULTS, setting every key', async () => {
    const root = tempDir();
    copyFileSync(EXAMPLE, join(root, '.reviewrc'));
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, '.reviewrc'));
    expect(loaded.config).toEqual(DEFAULTS);
    // Every key is written out in the example, not left to the defaults.
    for (const [key, origin] of Object.entries(loaded.origins)) {
      expect([key, origin]).toEqual([key, `file:${join(root, '.reviewrc')}`]);
    }
  });

  it('has a comment above every key, nested ones included', () => {
    const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
    const keyLines = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^( {2})?[A-Za-z]+:/.test(line));
    const documented = new Set<string>();
    for (const { line, index } of keyLines) {
      const previous = lines
        .slice(0, index)
        .reverse()
        .find((l) => l.trim() !== '');
      expect([line, previous?.trim().startsWith('#')]).toEqual([line, true]);
      documented.add(line.trim().split(':')[0]!);
    }
    const expected = [
      ...Object.keys(DEFAULTS),
      ...Object.keys(DEFAULTS.context),
      ...Object.keys(DEFAULTS.cache),
      ...Object.keys(DEFAULTS.azure),
      ...Object.keys(DEFAULTS.openrouter),
    ];
    for (const key of expected) expect(documented).toContain(key);
  });
});

describe('search places', () => {
  it("are cosmiconfig's defaults for `review` plus review.config.json and .yaml", () => {
    expect(SEARCH_PLACES).toEqual([...getDefaultSearchPlaces(MODULE_NAME), 'review.config.json', 'review.config.yaml']);
  });
});
