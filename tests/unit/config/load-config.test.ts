import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { DEFAULTS } from '../../../src/config/schema.js';
import { MAX_CONFIG_BYTES } from '../../../src/config/config-size.js';
import { tempDir } from '../../helpers/git-repo.js';

function write(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('loadConfig: finding the file in the repository root', () => {
  it.each([
    ['.reviewrc', 'model: from-rc\n'],
    ['.reviewrc (JSON content)', '{"model": "from-rc"}'],
    ['.reviewrc.json', '{"model": "from-rc"}'],
    ['.reviewrc.yaml', 'model: from-rc\n'],
    ['.reviewrc.yml', 'model: from-rc\n'],
    ['.reviewrc.cjs', 'module.exports = { model: "from-rc" };\n'],
    ['.reviewrc.mjs', 'export default { model: "from-rc" };\n'],
    ['.config/reviewrc.json', '{"model": "from-rc"}'],
    ['review.config.json', '{"model": "from-rc"}'],
    ['review.config.yaml', 'model: from-rc\n'],
    ['review.config.mjs', 'export default { model: "from-rc" };\n'],
    ['package.json', JSON.stringify({ name: 'x', review: { model: 'from-rc' } })],
  ])('%s', async (name, content) => {
    const root = tempDir();
    const file = name.replace(/ \(.*\)$/, '');
    write(root, { [file]: content });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, file));
    expect(loaded.config.model).toBe('from-rc');
    expect(loaded.origins.model).toBe(`file:${join(root, file)}`);
    expect(loaded.origins.blockOn).toBe('default');
  });

  it('uses the defaults, with no file, when there is no configuration', async () => {
    const loaded = await loadConfig({ repoRoot: tempDir(), env: {} });
    expect(loaded.file).toBeNull();
    expect(loaded.config).toEqual(DEFAULTS);
    expect(new Set(Object.values(loaded.origins))).toEqual(new Set(['default']));
    expect(Object.keys(loaded.origins).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it('skips a package.json without a `review` key', async () => {
    const root = tempDir();
    write(root, { 'package.json': '{"name": "x"}', '.reviewrc.json': '{"blockOn": "minor"}' });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, '.reviewrc.json'));
    expect(loaded.config.blockOn).toBe('minor');
  });

  it('takes package.json#review before .reviewrc (cosmiconfig order)', async () => {
    const root = tempDir();
    write(root, { 'package.json': '{"review": {"blockOn": "important"}}', '.reviewrc.json': '{"blockOn": "minor"}' });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, 'package.json'));
    expect(loaded.config.blockOn).toBe('important');
  });

  it('accepts an empty file: defaults, but the file is reported', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.yaml': '' });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBe(join(root, '.reviewrc.yaml'));
    expect(loaded.config).toEqual(DEFAULTS);
    expect(loaded.origins.model).toBe('default');
  });

  it('does NOT find a configuration in the directory above the repository root', async () => {
    const parent = tempDir();
    const root = join(parent, 'repo');
    mkdirSync(root);
    write(parent, { '.reviewrc.json': '{"model": "from-parent"}', 'package.json': '{"review": {"model": "from-parent"}}' });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.file).toBeNull();
    expect(loaded.config.model).toBe(DEFAULTS.model);
  });

  it('does not look in subdirectories either', async () => {
    const root = tempDir();
    write(root, { 'packages/a/.reviewrc.json': '{"model": "nested"}' });
    expect((await loadConfig({ repoRoot: root, env: {} })).file).toBeNull();
  });

  it('reads the file fresh each time (no stale cache)', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.json': '{"model": "one"}' });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.model).toBe('one');
    write(root, { '.reviewrc.json': '{"model": "two"}' });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.model).toBe('two');
  });
});

describe('loadConfig: explicit path', () => {
  it('loads --config relative to the repository root, ignoring the searched file', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.json': '{"model": "searched"}', 'conf/ci.yaml': 'model: explicit\n' });
    const loaded = await loadConfig({ repoRoot: root, explicitPath: 'conf/ci.yaml', env: {} });
    expect(loaded.file).toBe(join(root, 'conf/ci.yaml'));
    expect(loaded.config.model).toBe('explicit');
  });

  it('loads an absolute path outside the repository', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    write(elsewhere, { 'shared.json': '{"blockOn": "never"}' });
    const loaded = await loadConfig({ repoRoot: root, explicitPath: join(elsewhere, 'shared.json'), env: {} });
    expect(loaded.config.blockOn).toBe('never');
    expect(loaded.origins.blockOn).toBe(`file:${join(elsewhere, 'shared.json')}`);
  });

  it('falls back to REVIEW_HOOK_CONFIG when --config is not given', async () => {
    const root = tempDir();
    write(root, { 'alt.json': '{"model": "from-env-file"}' });
    const loaded = await loadConfig({ repoRoot: root, explicitPath: null, env: { REVIEW_HOOK_CONFIG: 'alt.json' } });
    expect(loaded.file).toBe(join(root, 'alt.json'));
    expect(loaded.config.model).toBe('from-env-file');
  });

  it('prefers --config over REVIEW_HOOK_CONFIG', async () => {
    const root = tempDir();
    write(root, { 'a.json': '{"model": "a"}', 'b.json': '{"model": "b"}' });
    const loaded = await loadConfig({ repoRoot: root, explicitPath: 'a.json', env: { REVIEW_HOOK_CONFIG: 'b.json' } });
    expect(loaded.config.model).toBe('a');
  });

  it.each([
    [{ explicitPath: 'missing.json', env: {} }, '--config'],
    [{ env: { REVIEW_HOOK_CONFIG: 'missing.json' } }, 'REVIEW_HOOK_CONFIG'],
  ])('a missing explicit file is a ConfigError naming it and where it came from (%j)', async (options, source) => {
    const root = tempDir();
    const error = await rejection(loadConfig({ repoRoot: root, ...options }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(join(root, 'missing.json'));
    expect((error as ConfigError).file).toBe(join(root, 'missing.json'));
    expect((error as ConfigError).hint).toContain(source);
  });

  it('an explicit directory is a ConfigError', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'dir'));
    const error = await rejection(loadConfig({ repoRoot: root, explicitPath: 'dir', env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/directory/);
  });

  it('an explicit file of an unknown format is a ConfigError naming it', async () => {
    const root = tempDir();
    write(root, { 'review.toml': 'model = "x"\n' });
    const error = await rejection(loadConfig({ repoRoot: root, explicitPath: 'review.toml', env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(join(root, 'review.toml'));
  });
});

describe('loadConfig: unreadable and invalid files', () => {
  it('malformed JSON names the file and where, without echoing its contents', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.json': '{\n  "model": "my-private-model",\n}\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(join(root, '.reviewrc.json'));
    expect(error.message).toContain(join(root, '.reviewrc.json'));
    expect(error.message).toMatch(/line 3/);
    expect(error.message).not.toContain('my-private-model');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toMatch(/JSON/);
  });

  it("malformed YAML names the file, with the parser's message as cause", async () => {
    const root = tempDir();
    write(root, { '.reviewrc.yaml': 'model: [\n  a: b\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(join(root, '.reviewrc.yaml'));
    expect((error.cause as Error).message).toMatch(/YAML Error/);
  });

  it('a .cjs config that throws names the file and the error', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.cjs': 'throw new Error("config exploded");\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(join(root, '.reviewrc.cjs'));
    expect(error.message).toContain('it threw: config exploded');
  });

  it.each([
    ['.reviewrc.json', '{"model": "with-bom"}'],
    ['.reviewrc', 'model: with-bom\n'],
    ['.reviewrc.yaml', 'model: with-bom\n'],
    ['package.json', JSON.stringify({ name: 'x', review: { model: 'with-bom' } })],
  ])('accepts a UTF-8 BOM at the start of %s', async (file, content) => {
    const root = tempDir();
    write(root, { [file]: `\uFEFF${content}` });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.model).toBe('with-bom');
  });

  it('a JavaScript config that never returns is a config error after the time limit, not a hang', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.mjs': 'await new Promise(() => setInterval(() => {}, 1000));\nexport default {};\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {}, jsTimeoutMs: 1500 }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `Could not load configuration file ${join(root, '.reviewrc.mjs')}: it did not finish loading within 1.5s (it never returns, or waits on something)`,
    );
  });

  it('a busy loop is stopped as well', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.cjs': 'for (;;) {}\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {}, jsTimeoutMs: 1000 }));
    expect(error.message).toContain('did not finish loading within 1s');
  });

  it.each([
    ['process.exit(0)', 'exit code 0'],
    ['process.exit(3)', 'exit code 3'],
  ])('a JavaScript config that calls %s is a config error, never a silent success', async (call, code) => {
    const root = tempDir();
    write(root, { '.reviewrc.cjs': `${call};\nmodule.exports = { model: "x" };\n` });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`it ended the process (${code}) before returning a configuration`);
  });

  it('what a JavaScript config prints cannot stand in for its result', async () => {
    const root = tempDir();
    write(root, {
      '.reviewrc.cjs': 'console.log(JSON.stringify({ ok: true, config: { model: "forged" } }));\nmodule.exports = { model: "real" };\n',
    });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.model).toBe('real');
  });

  it('a schema violation names the file and the key', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.yaml': 'blockOn: high\n' });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(join(root, '.reviewrc.yaml'));
    expect(error.message).toContain('`blockOn` is "high"');
  });
});

describe('loadConfig: precedence and origins', () => {
  it('defaults < file < env < flags', async () => {
    const root = tempDir();
    const file = join(root, '.reviewrc.json');
    write(root, { '.reviewrc.json': '{"model": "file-model", "blockOn": "minor", "concurrency": 2}' });

    const fileOnly = await loadConfig({ repoRoot: root, env: {} });
    expect(fileOnly.config).toMatchObject({ model: 'file-model', blockOn: 'minor', concurrency: 2 });
    expect(fileOnly.origins).toMatchObject({
      model: `file:${file}`,
      blockOn: `file:${file}`,
      concurrency: `file:${file}`,
      maxRetries: 'default',
    });

    const withEnv = await loadConfig({ repoRoot: root, env: { REVIEW_HOOK_MODEL: 'env-model' } });
    expect(withEnv.config.model).toBe('env-model');
    expect(withEnv.origins.model).toBe('env:REVIEW_HOOK_MODEL');
    expect(withEnv.origins.blockOn).toBe(`file:${file}`);

    const withFlags = await loadConfig({
      repoRoot: root,
      env: { REVIEW_HOOK_MODEL: 'env-model' },
      flags: { blockOn: 'never', model: 'flag-model' },
    });
    expect(withFlags.config).toMatchObject({ model: 'flag-model', blockOn: 'never', concurrency: 2 });
    expect(withFlags.origins).toMatchObject({ model: 'flag:--model', blockOn: 'flag:--block-on', concurrency: `file:${file}` });
  });

  it('env applies over the defaults when there is no file', async () => {
    const loaded = await loadConfig({ repoRoot: tempDir(), env: { REVIEW_HOOK_MODEL: ' qwen2.5-coder ' } });
    expect(loaded.config.model).toBe('qwen2.5-coder');
    expect(loaded.origins.model).toBe('env:REVIEW_HOOK_MODEL');
  });

  it('an empty REVIEW_HOOK_MODEL is treated as unset', async () => {
    const loaded = await loadConfig({ repoRoot: tempDir(), env: { REVIEW_HOOK_MODEL: '' } });
    expect(loaded.config.model).toBe(DEFAULTS.model);
    expect(loaded.origins.model).toBe('default');
  });

  it('a nested key set in the file marks the whole group as from the file', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.yaml': 'cache: false\ncontext:\n  beads: false\n' });
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.config.cache).toEqual({ enabled: false, maxAgeDays: 30, maxEntries: 200 });
    expect(loaded.config.context.beads).toBe(false);
    expect(loaded.origins.cache).toBe(`file:${join(root, '.reviewrc.yaml')}`);
    expect(loaded.origins.context).toBe(`file:${join(root, '.reviewrc.yaml')}`);
    expect(loaded.origins.model).toBe('default');
  });

  it('a bad flag value is a usage error', async () => {
    const error = await rejection(loadConfig({ repoRoot: tempDir(), env: {}, flags: { blockOn: 'sometimes' as never } }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('critical, important, minor, never');
  });
});

describe('loadConfig: size and kind of the file, checked before it is read', () => {
  // A valid config padded with white space to about `bytes`.
  const big = (bytes: number) => `{"blockOn":"never"${' '.repeat(bytes)}}`;

  it('a config file over 1 MB is refused with its size, the limit and what to do; one just under it is read', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.json': big(MAX_CONFIG_BYTES + 10) });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `Configuration file ${join(root, '.reviewrc.json')} is 1 MB, over the 1 MB limit for a configuration file; nothing was read`,
    );
    expect((error as ConfigError).hint).toContain('--config or REVIEW_HOOK_CONFIG');

    write(root, { '.reviewrc.json': big(MAX_CONFIG_BYTES - 100) });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.blockOn).toBe('never');
  });

  it('says the size in MB for a much larger file, named by --config too', async () => {
    const root = tempDir();
    write(root, { 'cfg/huge.json': big(3 * 1024 * 1024) });
    const error = await rejection(loadConfig({ repoRoot: root, env: {}, explicitPath: 'cfg/huge.json' }));
    expect(error.message).toContain('is 3 MB, over the 1 MB limit');
  });

  it('a package.json over the limit is refused even with a config file after it, with the way round the search', async () => {
    const root = tempDir();
    write(root, {
      'package.json': JSON.stringify({ name: 'x', data: 'y'.repeat(MAX_CONFIG_BYTES) }),
      '.reviewrc.json': '{"blockOn":"never"}',
    });
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error.message).toContain(`${join(root, 'package.json')} is 1 MB, over the 1 MB limit`);
    expect((error as ConfigError).hint).toMatch(
      /package\.json for a "review" key before any other config file.*--config or REVIEW_HOOK_CONFIG/,
    );
    // Named explicitly, the search (and package.json) is skipped.
    expect((await loadConfig({ repoRoot: root, env: { REVIEW_HOOK_CONFIG: '.reviewrc.json' } })).config.blockOn).toBe('never');
  });

  it('a large file after the one in use is never looked at', async () => {
    const root = tempDir();
    write(root, { '.reviewrc.json': '{"blockOn":"never"}', 'review.config.json': big(MAX_CONFIG_BYTES * 2).replace('never', 'minor') });
    expect((await loadConfig({ repoRoot: root, env: {} })).config.blockOn).toBe('never');
  });

  it('a pipe where the config file should be is refused at once instead of waiting on it', async () => {
    const root = tempDir();
    execFileSync('mkfifo', [join(root, '.reviewrc.json')]);
    const error = await rejection(loadConfig({ repoRoot: root, env: {} }));
    expect(error.message).toBe(`Configuration path is not a regular file (a device, pipe or socket): ${join(root, '.reviewrc.json')}`);
    const device = await rejection(loadConfig({ repoRoot: root, env: {}, explicitPath: '/dev/zero' }));
    expect(device.message).toContain('not a regular file');
    expect((device as ConfigError).hint).toBe('Check the path given by --config.');
  });
});
