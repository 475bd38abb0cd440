// Reads the import graph of src/ (static imports, re-exports and dynamic import() alike, type-only
// ones included) and checks it: no cycles, and no import from a lower layer into a higher one.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the source root, e.g. "git/exec-git.ts") to the source files it imports. */
export type ImportGraph = Map<string, string[]>;

export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(root);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, resolve(dirname(file), name.replace(/\.js$/, '.ts'))));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/** Every strongly connected set of more than one file, and every file that imports itself. */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== file);
      if (members.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(members.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

export interface Layer {
  name: string;
  /** Folders ("git/") and files ("cli.ts"); the longest match places a file. */
  members: string[];
}

/** The layer a file belongs to (its index, lowest first), or -1 when no layer names it. */
export function layerOf(file: string, layers: readonly Layer[]): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((layer, at) => {
    for (const member of layer.members) {
      const matches = member.endsWith('/') ? file.startsWith(member) : file === member;
      if (matches && member.length > bestLength) {
        best = at;
        bestLength = member.length;
      }
    }
  });
  return best;
}

/** "a.ts (pipeline) imports b.ts (commands)" for every import that goes up, and "x.ts is in no layer". */
export function layerViolations(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file, layers);
    if (from === -1) {
      problems.push(`${file} is in no layer: add its folder to a layer`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target, layers);
      if (to > from) problems.push(`${file} (${layers[from]!.name}) imports ${target} (${layers[to]!.name})`);
    }
  }
  return problems.sort();
}

/**
 * Plug-ins live in folders under `root` ("trackers/beads/"): only the registry and the plug-in's own
 * files may import a plug-in's files, so adding one never touches anything but its folder and the registry.
 */
export function pluginViolations(graph: ImportGraph, root: string, registry: string): string[] {
  const pluginOf = (file: string): string | null => {
    if (!file.startsWith(root)) return null;
    const rest = file.slice(root.length).split('/');
    return rest.length > 1 ? rest[0]! : null;
  };
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const plugin = pluginOf(target);
      if (plugin === null || file === registry || pluginOf(file) === plugin) continue;
      problems.push(`${file} imports ${target}: only ${registry} may`);
    }
  }
  return problems.sort();
}

/** What loading a file loads: its value imports (type-only ones load nothing), packages included by name. */
export interface Loads {
  /** Loaded with the file: `import … from`, `export … from`. */
  static: string[];
  /** Loaded when the code runs `import('…')`. */
  dynamic: string[];
}

/** File (relative to the source root) to what loading it loads: source files as in readImportGraph, packages by name. */
export function readLoadGraph(root: string): Map<string, Loads> {
  const graph = new Map<string, Loads>();
  for (const file of readImportGraph(root).keys()) {
    const path = join(root, file);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const loads: Loads = { static: [], dynamic: [] };
    const name = (specifier: string) =>
      specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier.replace(/\.js$/, '.ts'))) : specifier;
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
        loads.static.push(name(node.moduleSpecifier.text));
      } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        loads.static.push(name(node.moduleSpecifier.text));
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [specifier] = node.arguments;
        if (specifier && ts.isStringLiteral(specifier)) loads.dynamic.push(name(specifier.text));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, loads);
  }
  return graph;
}
