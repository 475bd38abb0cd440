// Stand-ins for the review-hook bin, so the hook's plumbing is tested without the real tool: each
// records its label, argv, stdin and git environment to a log file and exits with a chosen code.
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ToolCall {
  label: string;
  argv: string[];
  stdin: string;
  cwd: string;
  gitDir: string | null;
}

/**
 * Writes an executable node script. It logs to $RH_FAKE_LOG, exits with $RH_FAKE_EXIT (default 0),
 * and prints to stdout so tests can check that the hook keeps stdout clean.
 */
export function writeFakeTool(path: string, label: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `#!/usr/bin/env node
const fs = require('node:fs');
// Never read a terminal: that would wait for typing, as a manual run of the hook does.
const stdin = require('node:tty').isatty(0) ? '<tty>' : fs.readFileSync(0, 'utf8');
fs.appendFileSync(process.env.RH_FAKE_LOG, JSON.stringify({
  label: ${JSON.stringify(label)},
  argv: process.argv.slice(2),
  stdin,
  cwd: process.cwd(),
  gitDir: process.env.GIT_DIR ?? null,
}) + '\\n');
process.stdout.write('FAKE-STDOUT ${label}\\n');
process.exit(Number(process.env.RH_FAKE_EXIT ?? 0));
`,
  );
  chmodSync(path, 0o755);
  return path;
}

export function readCalls(log: string): ToolCall[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ToolCall);
}

/** A directory for PATH holding only the named programs (linked from the system) plus extra scripts. */
export function restrictedBin(dir: string, programs: string[], scripts: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const name of programs) {
    const found = (process.env.PATH ?? '')
      .split(':')
      .map((p) => join(p, name))
      .find((p) => existsSync(p));
    if (!found) throw new Error(`${name} not found on PATH`);
    symlinkSync(found, join(dir, name));
  }
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}
