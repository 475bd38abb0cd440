// A pushed repository followed by 200 unpushed commits that look like a project's ordinary history:
// TypeScript modules edited a few lines at a time, new modules with their tests, renames, docs,
// config files, and feature branches merged with merge commits; about 100 files touched in all.
// Deterministic (a seeded generator), so every run reviews the same change. Used by bench-hook-cost.js.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initPushedRepo } from './large-push-repo.js';

const AREAS = ['billing', 'orders', 'accounts', 'shipping', 'catalog', 'search', 'auth', 'reports'];
const NOUNS = ['invoice', 'order', 'customer', 'address', 'payment', 'refund', 'coupon', 'product', 'session', 'report', 'batch', 'quote'];
const VERBS = ['load', 'save', 'validate', 'format', 'merge', 'summarize', 'normalize', 'parse', 'apply', 'compute', 'resolve', 'filter'];

/** A small seeded generator (mulberry32): the same history on every run. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** One exported function of a few realistic shapes, as lines. */
function functionLines(rng, noun, serial) {
  const verb = rng.pick(VERBS);
  const name = `${verb}${cap(noun)}${serial}`;
  const Type = cap(noun);
  switch (rng.int(5)) {
    case 0:
      return [
        `/** ${cap(verb)}s a ${noun}: trims its fields and rejects an empty id. */`,
        `export function ${name}(input: ${Type}): ${Type} {`,
        `  if (!input.id || input.id.trim() === '') {`,
        `    throw new ValidationError('${noun} id is required', { field: 'id' });`,
        '  }',
        `  const notes = input.notes?.trim() ?? '';`,
        `  return { ...input, id: input.id.trim(), notes, updatedAt: new Date(input.updatedAt ?? Date.now()) };`,
        '}',
      ];
    case 1:
      return [
        `/** Total of the ${noun}s' amounts in cents, rounded once at the end. */`,
        `export function ${name}(items: readonly ${Type}[], rate = ${(1 + rng.int(20) / 100).toFixed(2)}): number {`,
        '  let total = 0;',
        '  for (const item of items) {',
        '    if (item.cancelled) continue;',
        '    total += item.amount * (item.quantity ?? 1);',
        '  }',
        '  return Math.round(total * rate);',
        '}',
      ];
    case 2:
      return [
        `/** The ${noun}s grouped by status, oldest first within each group. */`,
        `export function ${name}(items: readonly ${Type}[]): Map<string, ${Type}[]> {`,
        `  const groups = new Map<string, ${Type}[]>();`,
        '  for (const item of [...items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {',
        '    const list = groups.get(item.status) ?? [];',
        '    list.push(item);',
        '    groups.set(item.status, list);',
        '  }',
        '  return groups;',
        '}',
      ];
    case 3:
      return [
        `/** Loads one ${noun} from the store; null when it does not exist. */`,
        `export async function ${name}(store: Store, id: string): Promise<${Type} | null> {`,
        `  const row = await store.get('${noun}s', id);`,
        '  if (row === undefined) return null;',
        '  try {',
        `    return decode${Type}(row);`,
        '  } catch (error) {',
        `    throw new StoreError(\`${noun} \${id} could not be read\`, { cause: error });`,
        '  }',
        '}',
      ];
    default:
      return [
        `/** A one-line description of a ${noun} for logs and emails. */`,
        `export function ${name}(item: ${Type}, locale = 'en-GB'): string {`,
        `  const amount = new Intl.NumberFormat(locale, { style: 'currency', currency: item.currency ?? 'EUR' }).format(item.amount / 100);`,
        `  return \`${Type} \${item.id} (\${item.status}): \${amount}\`;`,
        '}',
      ];
  }
}

function moduleLines(rng, area, noun, serial) {
  const Type = cap(noun);
  const lines = [
    `// ${cap(area)}: ${noun} helpers.`,
    `import { StoreError, ValidationError } from '../errors.js';`,
    `import type { Store } from '../store.js';`,
    `import { decode${Type}, type ${Type} } from './${noun}-model.js';`,
    '',
  ];
  for (let i = 0; i < 3 + rng.int(4); i++) lines.push(...functionLines(rng, noun, serial * 10 + i), '');
  return lines;
}

function testLines(rng, area, module, noun, serial) {
  const lines = [
    "import { describe, expect, it } from 'vitest';",
    `import * as subject from '../../src/${area}/${module}.js';`,
    '',
    `describe('${module}', () => {`,
  ];
  for (let i = 0; i < 2 + rng.int(3); i++) lines.push(...testCase(rng, noun, serial * 10 + i));
  lines.push('});');
  return lines;
}

function testCase(rng, noun, serial) {
  return [
    `  it('handles ${noun} case ${serial}', () => {`,
    `    const item = { id: ' ${noun}-${serial} ', amount: ${100 + rng.int(9000)}, status: 'open', createdAt: new Date(${1700000000000 + rng.int(1e9)}) };`,
    `    expect(Object.keys(subject).length).toBeGreaterThan(0);`,
    `    expect(item.id.trim()).toBe('${noun}-${serial}');`,
    '  });',
  ];
}

function docLines(rng, topic) {
  const lines = [`# ${cap(topic)}`, ''];
  for (let p = 0; p < 4; p++) lines.push(...paragraph(rng), '');
  return lines;
}

function paragraph(rng) {
  const noun = rng.pick(NOUNS);
  const verb = rng.pick(VERBS);
  return [
    `Each ${noun} passes through \`${verb}${cap(noun)}\` before it is stored. The function is pure: it takes`,
    `the ${noun} as the client sent it and returns the normalised record, or throws a \`ValidationError\``,
    `that names the field. Callers ${verb} in batches of ${10 + rng.int(90)}; see the ${rng.pick(AREAS)} module for the retry rules.`,
  ];
}

/** Builds the history under `work`; returns the repository, its pushed base, the head and counts. */
export function buildProjectHistoryRepo(work, env, commitCount = 200) {
  const { dir, origin, git } = initPushedRepo(work, 'project', env);
  const rng = random(20261129);
  const files = new Map();
  const write = (path, lines) => {
    files.set(path, lines);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${lines.join('\n')}\n`);
  };
  const modules = [];
  let serial = 0;
  const addModule = (area = rng.pick(AREAS)) => {
    const noun = rng.pick(NOUNS);
    const name = `${noun}-${VERBS[serial % VERBS.length]}-${serial}`;
    serial++;
    const mod = { area, name, noun, serial };
    write(`src/${area}/${name}.ts`, moduleLines(rng, area, noun, serial));
    write(`tests/${area}/${name}.test.ts`, testLines(rng, area, name, noun, serial));
    modules.push(mod);
    return mod;
  };

  // The published project: modules with their tests, docs and config files.
  for (let i = 0; i < 32; i++) addModule(AREAS[i % AREAS.length]);
  for (const topic of ['architecture', 'billing', 'deployment', 'errors', 'testing']) write(`docs/${topic}.md`, docLines(rng, topic));
  write('package.json', packageJson('1.4.0', ['zod@3.23.8', 'pino@9.4.0']));
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, outDir: 'dist' } }, null, 2).split('\n'),
  );
  write('.github/workflows/ci.yml', ciYaml('20'));
  write('CHANGELOG.md', ['# Changelog', '', '## 1.4.0', '', '- First public release.']);
  git('add', '-A');
  git('commit', '-q', '-m', 'Project skeleton: modules, tests, docs and CI');
  git('push', '-q', 'origin', 'main');
  const base = git('rev-parse', 'HEAD');

  let count = 0;
  let version = 4;
  const commit = (message) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    count++;
  };
  /** One ordinary change, chosen the way a project's history mixes them. */
  const change = () => {
    const roll = rng.next();
    if (roll < 0.4) {
      const mod = rng.pick(modules);
      const path = `src/${mod.area}/${mod.name}.ts`;
      const lines = [...files.get(path)];
      if (rng.next() < 0.5) lines.push(...functionLines(rng, mod.noun, serial++ * 10), '');
      else {
        // Tweak a line in the body: a constant, a message or a condition.
        const at = 5 + rng.int(Math.max(1, lines.length - 6));
        const tweaked = lines[at].replace(/rate = [0-9.]+/, `rate = 1.${rng.int(90) + 10}`);
        lines[at] = tweaked !== lines[at] ? tweaked : `${lines[at]} // ${rng.pick(VERBS)}d (#${serial++})`;
      }
      write(path, lines);
      commit(`${mod.area}: ${rng.pick(VERBS)} ${mod.noun}s ${rng.pick(['faster', 'safely', 'in batches', 'with a clearer error'])}`);
    } else if (roll < 0.62) {
      const mod = rng.pick(modules);
      const path = `tests/${mod.area}/${mod.name}.test.ts`;
      const lines = files.get(path).slice(0, -1);
      lines.push(...testCase(rng, mod.noun, serial++), '});');
      write(path, lines);
      commit(`Test ${mod.noun} ${rng.pick(['edge cases', 'empty input', 'rounding', 'ordering'])} in ${mod.name}`);
    } else if (roll < 0.74) {
      const topic = rng.pick(['architecture', 'billing', 'deployment', 'errors', 'testing']);
      write(`docs/${topic}.md`, [...files.get(`docs/${topic}.md`), '', ...paragraph(rng)]);
      commit(`docs: explain ${rng.pick(NOUNS)} handling in ${topic}`);
    } else if (roll < 0.86) {
      const mod = addModule();
      commit(`${mod.area}: add ${mod.noun} helpers (${mod.name}) with tests`);
    } else if (roll < 0.93) {
      // A rename with a small edit, so git has to detect it.
      const mod = rng.pick(modules);
      const from = `src/${mod.area}/${mod.name}.ts`;
      const to = `src/${mod.area}/${mod.name}-v2.ts`;
      if (files.has(to)) return change();
      git('mv', from, to);
      const lines = files.get(from);
      files.delete(from);
      write(to, [`// Moved from ${mod.name}.ts.`, ...lines.slice(1)]);
      mod.name = `${mod.name}-v2`;
      commit(`Rename ${from} to ${to}`);
      // Its test follows it.
      git('mv', `tests/${mod.area}/${mod.name.slice(0, -3)}.test.ts`, `tests/${mod.area}/${mod.name}.test.ts`);
      files.set(`tests/${mod.area}/${mod.name}.test.ts`, files.get(`tests/${mod.area}/${mod.name.slice(0, -3)}.test.ts`));
      const testPath = `tests/${mod.area}/${mod.name}.test.ts`;
      write(
        testPath,
        files.get(testPath).map((l) => l.replace(`/${mod.name.slice(0, -3)}.js'`, `/${mod.name}.js'`)),
      );
      commit(`Move the ${mod.noun} tests with their module`);
    } else {
      version++;
      write('package.json', packageJson(`1.${version}.0`, ['zod@3.23.8', `pino@9.${version}.0`]));
      write('CHANGELOG.md', [...files.get('CHANGELOG.md'), '', `## 1.${version}.0`, '', `- ${cap(rng.pick(VERBS))} ${rng.pick(NOUNS)}s.`]);
      if (version % 3 === 0) write('.github/workflows/ci.yml', ciYaml(String(18 + version)));
      commit(`Release 1.${version}.0`);
    }
  };

  let branch = 0;
  while (count < commitCount) {
    if (count > 0 && count % 25 === 0 && commitCount - count > 8) {
      // A feature branch of a few commits, main moving meanwhile, merged with a merge commit.
      const name = `feature-${++branch}`;
      git('checkout', '-q', '-b', name);
      for (let i = 0; i < 4; i++) change();
      git('checkout', '-q', 'main');
      for (let i = 0; i < 2; i++) change();
      git('merge', '-q', '--no-ff', '-m', `Merge branch '${name}'`, name);
      count++;
      continue;
    }
    change();
  }
  const head = git('rev-parse', 'HEAD');
  const commits = Number(git('rev-list', '--count', `${base}..${head}`));
  const touched = git('diff', '--name-only', '-M', base, head).split('\n').filter(Boolean).length;
  return { dir, origin, git, base, head, commits, touched };
}

function packageJson(version, deps) {
  const dependencies = Object.fromEntries(deps.map((d) => d.split('@')));
  return JSON.stringify(
    { name: 'shop-core', version, type: 'module', scripts: { test: 'vitest run', build: 'tsc' }, dependencies },
    null,
    2,
  ).split('\n');
}

function ciYaml(node) {
  return [
    'name: ci',
    'on: [push, pull_request]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    `          node-version: ${node}`,
    '      - run: npm ci',
    '      - run: npm test',
  ];
}
