// The environment both git layers give git: the same GIT_* variables kept, the rest dropped.
import { describe, expect, it } from 'vitest';
import { gitEnv, keptGitVariables } from '../../../src/git/exec-git.js';

describe('keptGitVariables and gitEnv', () => {
  it('keep the pairs GIT_CONFIG_COUNT announces, and only those', () => {
    const env = {
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'A',
      GIT_CONFIG_KEY_1: 'user.email',
      GIT_CONFIG_VALUE_1: 'a@example.com',
      GIT_CONFIG_KEY_2: 'beyond.count',
      GIT_CONFIG_KEY_01: 'not.how.git.numbers',
    };
    const kept = keptGitVariables(env);
    expect(kept).toEqual(expect.arrayContaining(['GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_KEY_1', 'GIT_CONFIG_VALUE_1']));
    expect(kept).not.toContain('GIT_CONFIG_KEY_2');
    expect(kept).not.toContain('GIT_CONFIG_KEY_01');
    expect(
      Object.keys(gitEnv(env))
        .filter((key) => key.startsWith('GIT_CONFIG_'))
        .sort(),
    ).toEqual(['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_KEY_1', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_VALUE_1']);
  });

  it('a huge or bogus count keeps what is there without counting up to it', () => {
    expect(keptGitVariables({ GIT_CONFIG_COUNT: '1e12', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' })).toEqual(
      expect.arrayContaining(['GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']),
    );
    expect(keptGitVariables({ GIT_CONFIG_COUNT: 'many', GIT_CONFIG_KEY_0: 'a.b' })).not.toContain('GIT_CONFIG_KEY_0');
  });

  it('drop what starts programs or moves git elsewhere, keep the repository’s location, set the prompt off', () => {
    const env = gitEnv({
      GIT_DIR: '/r/.git',
      GIT_EXEC_PATH: '/usr/lib/git-core',
      GIT_PAGER: 'less',
      EDITOR: 'vi',
      PREFIX: '/usr',
      PATH: '/bin',
      GIT_TERMINAL_PROMPT: '1',
    });
    expect(env).toEqual({ GIT_DIR: '/r/.git', PATH: '/bin', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' });
    for (const key of Object.keys(env).filter((name) => name.startsWith('GIT_'))) expect(keptGitVariables({})).toContain(key);
  });
});
