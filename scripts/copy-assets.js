// Copies non-TypeScript assets (prompt templates) next to the compiled code.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const src = 'src';
const out = 'dist';
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
for (const file of walk(src).filter((f) => f.endsWith('.txt'))) {
  const target = join(out, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
