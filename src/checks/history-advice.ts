// What to do about something found in a pushed commit, in git commands. Once committed, "remove it
// before pushing" means rewriting that commit; a new commit that deletes it leaves it in history. Pure.

/** The interactive rebase's starting point for a commit: its parent, or `--root` for a first commit. */
function rebaseFrom(commit: string, root: boolean): string {
  return root ? '--root' : `${commit.slice(0, 12)}^`;
}

/** For text a later pushed commit removed: it is only in the history, so that commit must be rewritten. */
export function historyOnlyAdvice(commit: string, root: boolean): string {
  const short = commit.slice(0, 12);
  return (
    `The pushed head no longer has it, but commit ${short} does, and pushing publishes that commit. ` +
    `Rewrite it before pushing: \`git rebase -i ${rebaseFrom(commit, root)}\`, change \`pick\` to \`edit\` on ${short}, ` +
    'remove it from the file, then `git commit --amend -a` and `git rebase --continue` (the later commit that removed it ' +
    'may then conflict or become empty: keep the version without it).'
  );
}

/** For text still in the pushed head: deleting it in a new commit would leave it in the commit that added it. */
export function stillPresentAdvice(commit: string, root: boolean): string {
  const short = commit.slice(0, 12);
  return (
    `It was added in commit ${short}; a new commit that deletes it would leave it there. Remove it from the file, ` +
    `then fold the removal into that commit: \`git commit -a --fixup=${short}\` and ` +
    `\`git rebase -i --autosquash ${rebaseFrom(commit, root)}\`.`
  );
}

/** For text in a commit message. */
export function messageAdvice(commit: string, root: boolean): string {
  const short = commit.slice(0, 12);
  return `Reword the message before pushing: \`git rebase -i ${rebaseFrom(commit, root)}\`, change \`pick\` to \`reword\` on ${short}.`;
}
