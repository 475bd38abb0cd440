// Starts loading the heavy modules a review will use while git works. Without it the process sits
// idle waiting for git's output (the changeset, every pushed commit's lines) and only afterwards
// spends a few hundred milliseconds compiling the secret scanner, the tokenizer and the SDK (the
// tokenizer loads in a worker thread, started before the config is read). Only
// what this run will use is loaded; a failure surfaces where the module is used, as before.
import { preloadSecretScanner } from '../checks/secret-scan.js';
import { startTokenCounter } from '../prompt/tokens.js';

/** The tokenizer first, before the config is read: its worker takes longest to be ready. */
export function preloadTokenCounter(run: { offline: boolean }): void {
  if (!run.offline) startTokenCounter();
}

export function preloadForReview(run: { offline: boolean; dryRun: boolean; scansSecrets: boolean }): void {
  // Offline nothing is redacted, so secretlint is needed only for the secrets check.
  if (!run.offline || run.scansSecrets) preloadSecretScanner();
  if (run.offline || run.dryRun) return;
  import('../transport/registry.js').then(({ loadTransport }) => loadTransport()).catch(() => undefined);
  import('openai').catch(() => undefined);
}
