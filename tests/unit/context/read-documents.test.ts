import { describe, expect, it } from 'vitest';
import { readDocuments } from '../../../src/context/read-documents.js';
import { createGit } from '../../../src/git/exec-git.js';
import { createRepo } from '../../helpers/git-repo.js';

describe('readDocuments', () => {
  it('reads a referenced plan at the head, and never a document that must not leave the machine', async () => {
    const repo = createRepo();
    const head = repo.commit('docs', {
      'docs/plans/login.md': '# Login\n\nPlan text.\n',
      'docs/private/keys.md': '# Keys\n\nInternal.\n',
    });
    const git = createGit(repo.dir, repo.env);
    const refs = [
      { path: 'docs/plans/login.md', sections: [] },
      { path: 'docs/private/keys.md', sections: [] },
      { path: 'docs/missing.md', sections: [] },
    ];
    const all = await readDocuments(git, [head], refs);
    expect(all.map((d) => d.path)).toEqual(['docs/plans/login.md', 'docs/private/keys.md']);
    const safe = await readDocuments(git, [head], refs, ['docs/private/']);
    expect(safe.map((d) => d.path)).toEqual(['docs/plans/login.md']);
  });
});
