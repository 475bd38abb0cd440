// Each end-to-end file first waits for the packed package to be installed (global-setup.ts does
// it in the background), and fails with npm's own message when that went wrong.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, inject } from 'vitest';

beforeAll(async () => {
  const readyFile = inject('readyFile');
  while (!existsSync(readyFile)) await new Promise((resolve) => setTimeout(resolve, 100));
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { ok: boolean; error?: string };
  if (!ready.ok) throw new Error(`packing or installing review-hook for the end-to-end tests failed:\n${ready.error}`);
});
