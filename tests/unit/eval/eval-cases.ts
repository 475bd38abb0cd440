// Writes eval case folders for tests: case.json, before/ and after/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CaseSpec {
  task: string | { title: string; description?: string; acceptance?: string };
  language?: string;
  before: Record<string, string>;
  after: Record<string, string>;
  expect: unknown[];
  delete?: string[];
}

export function writeCase(root: string, name: string, spec: CaseSpec): string {
  const dir = join(root, name);
  const put = (path: string, content: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  const { before, after, ...json } = spec;
  put(join(dir, 'case.json'), JSON.stringify(json, null, 2));
  for (const [path, content] of Object.entries(before)) put(join(dir, 'before', path), content);
  for (const [path, content] of Object.entries(after)) put(join(dir, 'after', path), content);
  return dir;
}

/** n numbered lines of filler, so cited lines exist in the file. */
export function lines(n: number, prefix = 'line'): string {
  return Array.from({ length: n }, (_, i) => `// ${prefix} ${i + 1}`).join('\n') + '\n';
}
