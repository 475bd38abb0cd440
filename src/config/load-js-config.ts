// A JavaScript (or TypeScript) config is code, and code can hang, throw or end the process. It is
// run in a child node process with a time limit, so a bad config is a config error (exit 2) with
// a reason rather than a hook that hangs, or one that exits 0 and lets the push through unreviewed.
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';
import { runCommand } from '../run-command.js';
import type { Env } from '../domain/env.js';

/** How long a JavaScript config may take to load: a config is a few lines; ten seconds is generous. */
export const JS_CONFIG_TIMEOUT_MS = 10_000;

const MARK = '\u0000review-hook-config\u0000';

/**
 * The child: loads the file with cosmiconfig's own loader for its extension (so the result is what
 * cosmiconfig would give in-process), then writes the config as JSON after a marker. Anything the
 * config prints to stdout goes to stderr instead, so it cannot forge the result.
 */
const CHILD = `
const out = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
const [cosmi, file, ext] = process.argv.slice(1);
const { pathToFileURL } = await import('node:url');
const { readFile } = await import('node:fs/promises');
let result;
try {
  const { defaultLoaders } = await import(pathToFileURL(cosmi).href);
  const config = await defaultLoaders[ext](file, await readFile(file, 'utf8'));
  result = JSON.stringify({ ok: true, config: config === undefined ? null : config });
} catch (error) {
  result = JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
out(${JSON.stringify(MARK)} + result + '\\n', () => process.exit(0));
`;

export interface JsConfigOptions {
  cwd: string;
  env: Env;
  /** The node binary to run the child with; 'node' from PATH when not given. */
  nodePath?: string;
  timeoutMs?: number;
}

export async function loadJsConfigIsolated(filepath: string, ext: string, options: JsConfigOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? JS_CONFIG_TIMEOUT_MS;
  // Resolved like any import from inside the package (from a chunk in dist/ once built, where
  // cosmiconfig is left out of the bundle so that this installed copy exists to be run).
  const cosmiconfigPath = createRequire(import.meta.url).resolve('cosmiconfig');
  const result = await runCommand([options.nodePath ?? 'node', '--input-type=module', '-e', CHILD, cosmiconfigPath, filepath, ext], {
    cwd: options.cwd,
    env: options.env,
    timeoutMs,
  });
  const fail = (reason: string): ConfigError =>
    new ConfigError(`Could not load configuration file ${filepath}: ${reason}`, filepath, {
      hint: 'A JavaScript config must export a plain object quickly and without side effects; or use .reviewrc.json.',
    });
  if (result.timedOut) throw fail(`it did not finish loading within ${timeoutMs / 1000}s (it never returns, or waits on something)`);
  const at = result.stdout.lastIndexOf(MARK);
  if (at < 0) {
    throw fail(
      result.exitCode === null
        ? 'it stopped the process before returning a configuration'
        : `it ended the process (exit code ${result.exitCode}) before returning a configuration; a config must not call process.exit`,
    );
  }
  let parsed: { ok: boolean; config?: unknown; message?: string };
  try {
    parsed = JSON.parse(result.stdout.slice(at + MARK.length)) as typeof parsed;
  } catch {
    throw fail('its result could not be read');
  }
  if (!parsed.ok) throw fail(`it threw: ${String(parsed.message ?? 'an error').split('\n')[0]}`);
  return parsed.config ?? undefined;
}
