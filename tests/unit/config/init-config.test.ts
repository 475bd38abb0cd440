import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initConfig } from '../../../src/config/init-config.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { DEFAULTS } from '../../../src/config/schema.js';
import { SEARCH_PLACES } from '../../../src/config/search-places.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('initConfig', () => {
  it('writes a short .reviewrc.json (schema, provider, model, blockOn, onError) that loads back to exactly DEFAULTS', async () => {
    const root = tempDir();
    const result = await initConfig(root);
    expect(result).toEqual({ written: join(root, '.reviewrc.json') });
    const text = readFileSync(join(root, '.reviewrc.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      $schema: './node_modules/review-hook/reviewrc.schema.json',
      provider: DEFAULTS.provider,
      model: DEFAULTS.model,
      blockOn: DEFAULTS.blockOn,
      onError: DEFAULTS.onError,
    });
    // Short enough that committing it costs the first push's prompt a few lines, not every default.
    expect(text.split('\n').length).toBeLessThanOrEqual(8);
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, '.reviewrc.json'));
    expect(loaded.config).toEqual(DEFAULTS);
  });

  it('does not overwrite its own file on a second run', async () => {
    const root = tempDir();
    await initConfig(root);
    writeFileSync(join(root, '.reviewrc.json'), '{"model": "mine"}');
    expect(await initConfig(root)).toEqual({ exists: join(root, '.reviewrc.json') });
    expect(readFileSync(join(root, '.reviewrc.json'), 'utf8')).toBe('{"model": "mine"}');
  });

  it.each(SEARCH_PLACES.filter((place) => place !== 'package.json' && place !== '.reviewrc.json'))(
    'leaves an existing %s alone and writes nothing',
    async (place) => {
      const root = tempDir();
      mkdirSync(dirname(join(root, place)), { recursive: true });
      writeFileSync(join(root, place), 'untouched');
      expect(await initConfig(root)).toEqual({ exists: join(root, place) });
      expect(readFileSync(join(root, place), 'utf8')).toBe('untouched');
      expect(() => readFileSync(join(root, '.reviewrc.json'))).toThrow(/ENOENT/);
    },
  );

  it('counts package.json only when it has a `review` key', async () => {
    const withKey = tempDir();
    writeFileSync(join(withKey, 'package.json'), '{"name": "x", "review": {}}');
    expect(await initConfig(withKey)).toEqual({ exists: join(withKey, 'package.json') });

    const withoutKey = tempDir();
    writeFileSync(join(withoutKey, 'package.json'), '{"name": "x"}');
    expect(await initConfig(withoutKey)).toEqual({ written: join(withoutKey, '.reviewrc.json') });
    expect(readFileSync(join(withoutKey, 'package.json'), 'utf8')).toBe('{"name": "x"}');
  });
});
