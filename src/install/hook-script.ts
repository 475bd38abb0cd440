// The shell text of the pre-push hook block, and pure edits that add, replace or remove it in an
// existing hook file. Nothing here touches the file system.
import { InstallError } from '../errors.js';

export const BLOCK_START = '# >>> review-hook >>>';
export const BLOCK_END = '# <<< review-hook <<<';
/** Inside the block when `review-hook install` created the file, so uninstall may delete it. */
export const CREATED_MARKER = '# review-hook: created this file; uninstall deletes it when nothing else is left';

export interface BlockOptions {
  /**
   * Absolute paths of the node executable and the review-hook bin script that ran `install`, kept
   * as a last resort; null for a committed hook (husky's `.husky/pre-push`), which every clone and
   * CI runs at other paths, so it names nothing of the machine that ran `install`.
   */
  recorded: { nodePath: string; cliPath: string } | null;
  /** True when install is creating the hook file rather than adding to one. */
  createdFile: boolean;
}

/** Quotes a string for POSIX sh: nothing inside single quotes is special except the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function dirOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? (cut === 0 ? path.slice(0, 1) : '.') : path.slice(0, cut);
}

/**
 * Restores stdin to the saved ref lines. A here-document is used because it needs no temporary
 * file to clean up and every `exec` opens a fresh copy, so each reader gets all the lines.
 */
const RESTORE_STDIN = [
  'if [ -z "$rh_tty" ]; then',
  '  if [ -n "$REVIEW_HOOK_REFS" ]; then',
  '    exec <<REVIEW_HOOK_EOF',
  '$REVIEW_HOOK_REFS',
  'REVIEW_HOOK_EOF',
  '  else',
  '    exec </dev/null',
  '  fi',
  'fi',
];

/**
 * The marked block. POSIX sh, safe under `sh -e` (husky) and `set -u`, silent on stdout.
 *
 * stdin: git writes the ref lines once, and only the first reader sees them. The block reads them
 * into $REVIEW_HOOK_REFS (a shell variable, deliberately not exported: a push of thousands of tags
 * exceeds the per-variable limit of exec on Linux and would make every later command fail), feeds
 * them to review-hook, then makes them stdin again for the lines after the block. So the block
 * must come first in the file; later commands read stdin as usual, and a second or third reader
 * can use `printf '%s\n' "$REVIEW_HOOK_REFS" | command`.
 *
 * Finding the tool: linked worktrees have no node_modules, and GUI clients often run hooks without
 * node on PATH, so it tries this worktree's node_modules, the main worktree's, the paths recorded at
 * install time (a plain hook in the git dir only: a committed hook records none), then npx
 * (offline: never a registry call on push). If all fail the push fails with
 * a message: a review gate that silently switches itself off is worse than one that asks for a fix.
 * REVIEW_HOOK_SKIP=1 is honoured by the tool itself (which logs it) or, when it cannot be found,
 * here.
 */
export function renderBlock(options: BlockOptions): string {
  const recorded = options.recorded;
  for (const path of recorded === null ? [] : [recorded.nodePath, recorded.cliPath]) {
    if (/[\n\r\0]/.test(path)) {
      throw new InstallError(`cannot record a path containing a line break: ${JSON.stringify(path)}`, {
        hint: 'Install review-hook under a directory whose path has no line breaks.',
      });
    }
  }
  const node = recorded === null ? null : shQuote(recorded.nodePath);
  const cli = recorded === null ? null : shQuote(recorded.cliPath);
  const where = cli === null ? 'node_modules/.bin' : `node_modules/.bin or at "${cli}"`;
  const lines = [
    BLOCK_START,
    '# Managed by `review-hook install`; `review-hook uninstall` removes it. Edits inside the',
    '# markers are replaced on reinstall. Keep it first: it saves the ref lines git sends on stdin',
    '# in $REVIEW_HOOK_REFS and gives them back as stdin to the commands after it.',
    ...(options.createdFile ? [CREATED_MARKER] : []),
    '# unset first: assigning keeps an inherited export, and a large export breaks every exec.',
    'unset REVIEW_HOOK_REFS',
    'REVIEW_HOOK_REFS=',
    'rh_tty=1',
    'if [ ! -t 0 ]; then',
    '  rh_tty=',
    '  REVIEW_HOOK_REFS=$(cat)',
    'fi',
    'rh_status=0',
    'rh_cmd=',
    '# git exports GIT_DIR to hooks in linked worktrees, so these answer for the worktree pushing.',
    'rh_top=$(git rev-parse --show-toplevel 2>/dev/null) || rh_top=',
    'rh_main=$(git rev-parse --git-common-dir 2>/dev/null) || rh_main=',
    'if [ -n "$rh_main" ]; then rh_main=$(CDPATH= cd -P -- "$rh_main/.." 2>/dev/null && pwd -P) || rh_main=; fi',
    'if [ -n "$rh_top" ] && [ -x "$rh_top/node_modules/.bin/review-hook" ]; then',
    '  rh_cmd=$rh_top/node_modules/.bin/review-hook',
    'elif [ -n "$rh_main" ] && [ -x "$rh_main/node_modules/.bin/review-hook" ]; then',
    '  rh_cmd=$rh_main/node_modules/.bin/review-hook',
    'fi',
    ...RESTORE_STDIN,
    ...(node === null || cli === null
      ? [
          // The bin script starts with `#!/usr/bin/env node`: without node on PATH it cannot run.
          'if [ -n "$rh_cmd" ] && ! command -v node >/dev/null 2>&1; then',
          '  echo "review-hook: node is not on PATH for this hook, so review-hook cannot run." >&2',
          '  echo "review-hook: put node on PATH for git (husky reads ~/.config/husky/init.sh first), or push with REVIEW_HOOK_SKIP=1." >&2',
          '  rh_status=2',
          'elif [ -n "$rh_cmd" ]; then',
          '  REVIEW_HOOK_FILE=$0 "$rh_cmd" pre-push "$@" >&2 || rh_status=$?',
        ]
      : [
          'if [ -n "$rh_cmd" ]; then',
          `  REVIEW_HOOK_FILE=$0 PATH="$PATH:"${shQuote(dirOf(recorded!.nodePath))} "$rh_cmd" pre-push "$@" >&2 || rh_status=$?`,
          `elif [ -x ${node} ] && [ -f ${cli} ]; then`,
          `  REVIEW_HOOK_FILE=$0 ${node} ${cli} pre-push "$@" >&2 || rh_status=$?`,
        ]),
    'elif [ "${REVIEW_HOOK_SKIP:-}" = 1 ]; then',
    '  echo "review-hook: not found; REVIEW_HOOK_SKIP=1, so this push is not reviewed" >&2',
    'elif command -v npx >/dev/null 2>&1; then',
    // printf, not echo: dash's echo would turn the backslashes of a Windows path into escapes.
    `  printf '%s\\n' "review-hook: not in ${where}; trying npx --offline --no-install review-hook" >&2`,
    '  REVIEW_HOOK_FILE=$0 npx --offline --no-install review-hook pre-push "$@" >&2 || rh_status=$?',
    'else',
    `  printf '%s\\n' "review-hook: cannot find review-hook (looked in ${where})." >&2`,
    '  echo "review-hook: install it (npm install --save-dev review-hook) and run npx review-hook install," >&2',
    '  echo "review-hook: or push with REVIEW_HOOK_SKIP=1 to skip the review (git push --no-verify skips all hooks)." >&2',
    '  rh_status=2',
    'fi',
    'if [ "$rh_status" -ne 0 ]; then exit "$rh_status"; fi',
    ...RESTORE_STDIN,
    'unset rh_tty rh_status rh_cmd rh_top rh_main',
    BLOCK_END,
  ];
  return lines.join('\n') + '\n';
}

export type BlockSearch =
  | { kind: 'absent' }
  | {
      kind: 'present' /** Offsets of the block's text, end exclusive (after its last newline). */;
      start: number;
      end: number;
      createdFile: boolean;
    }
  | { kind: 'malformed'; reason: string };

/** Splits into lines that keep their line endings, so offsets add up to the original text. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const isLine = (line: string, marker: string) => line.replace(/[\r\n]+$/, '').trimEnd() === marker;

export function findBlock(text: string): BlockSearch {
  const lines = splitLines(text);
  let offset = 0;
  let start = -1;
  let end = -1;
  let starts = 0;
  let ends = 0;
  for (const line of lines) {
    if (isLine(line, BLOCK_START)) {
      starts++;
      if (start < 0) start = offset;
    } else if (isLine(line, BLOCK_END)) {
      ends++;
      if (end < 0 && start >= 0) end = offset + line.length;
    }
    offset += line.length;
  }
  if (starts === 0 && ends === 0) return { kind: 'absent' };
  if (starts !== 1 || ends !== 1) {
    return { kind: 'malformed', reason: `expected one "${BLOCK_START}" and one "${BLOCK_END}" line, found ${starts} and ${ends}` };
  }
  if (end < 0) return { kind: 'malformed', reason: `"${BLOCK_END}" comes before "${BLOCK_START}"` };
  const body = text.slice(start, end);
  return { kind: 'present', start, end, createdFile: body.split('\n').some((l) => isLine(l, CREATED_MARKER)) };
}

function requireWellFormed(search: BlockSearch): Exclude<BlockSearch, { kind: 'malformed' }> {
  if (search.kind === 'malformed') {
    throw new InstallError(`the review-hook block is damaged: ${search.reason}`, {
      hint: `Remove the lines between "${BLOCK_START}" and "${BLOCK_END}" by hand, then run review-hook install again.`,
    });
  }
  return search;
}

/**
 * Puts the block in the hook text: in place of an existing block (the user may have moved it),
 * otherwise right after the shebang line, otherwise at the top, so it reads stdin before anything
 * else can. Nothing else in the text changes, which is what lets removeBlock restore it exactly.
 */
export function insertBlock(existing: string, block: string): string {
  const search = requireWellFormed(findBlock(existing));
  if (search.kind === 'present') return existing.slice(0, search.start) + block + existing.slice(search.end);
  if (existing.startsWith('#!')) {
    const newline = existing.indexOf('\n');
    // A file that is only a shebang without a newline gains one; everything else is kept byte for byte.
    if (newline < 0) return `${existing}\n${block}`;
    return existing.slice(0, newline + 1) + block + existing.slice(newline + 1);
  }
  return block + existing;
}

/** The hook text without the block; unchanged when there is none. */
export function removeBlock(existing: string): string {
  const search = requireWellFormed(findBlock(existing));
  if (search.kind === 'absent') return existing;
  return existing.slice(0, search.start) + existing.slice(search.end);
}

/** True when nothing but a shebang line and blank space is left: the file holds no hook of its own. */
export function isEffectivelyEmpty(text: string): boolean {
  const rest = text.startsWith('#!') ? text.slice(text.indexOf('\n') < 0 ? text.length : text.indexOf('\n') + 1) : text;
  return rest.trim() === '';
}
