// The configuration every case is reviewed with: the user's own (model, endpoint, prompt settings,
// prices, blockOn), resolved once from their repository, with what eval needs on top: the task
// read from the case's tracker record whatever the user's context settings, and no cache (each
// repetition must ask the model). Written as JSON beside the cases' repositories.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig, ReviewConfig } from '../config/types.js';

export interface EvalConfig {
  /** The resolved configuration, after eval's changes. */
  config: ReviewConfig;
  /** Where the user's configuration came from (null: defaults). */
  from: string | null;
  /** The written file each case's review loads. */
  path: string;
  remove(): Promise<void>;
}

export function evalSettings(config: ReviewConfig): ReviewConfig {
  return {
    ...config,
    context: { ...config.context, beads: true, command: null, idPattern: null },
    cache: { ...config.cache, enabled: false },
    interactive: false,
  };
}

export async function writeEvalConfig(loaded: LoadedConfig): Promise<EvalConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'review-hook-eval-config-'));
  const config = evalSettings(loaded.config);
  const path = join(dir, '.reviewrc.json');
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return { config, from: loaded.file, path, remove: () => rm(dir, { recursive: true, force: true }) };
}
