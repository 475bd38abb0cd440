// Writes the o200k tokenizer's ranks from the installed gpt-tokenizer as JSON beside the compiled
// counter (dist/prompt/o200k_base.json). The package ships them as a 2.4 MB array literal, which
// takes several times longer to compile than the same data takes to parse as JSON; the counter builds
// the same encoding from this file (src/prompt/bpe-counter.ts). Generated at every build, never edited.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ranks from 'gpt-tokenizer/esm/bpeRanks/o200k_base';

const target = join(import.meta.dirname, '..', 'dist', 'prompt', 'o200k_base.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify(ranks));
