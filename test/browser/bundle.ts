/**
 * The embed bundle as the tests and the benchmark see it: `buildBundle` runs vite.lib.config.ts (what `npm run build`
 * runs first) into a folder of our choosing and describes its chunks; `staticClosure` is what a page loads before
 * any dynamic import; MARKERS tell whether a file holds mathjs or tfjs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The budget of gzipped JavaScript for a page with only built-in games (issue 4 §2). */
export const BUDGET = 150_000;

/**
 * Strings that survive minification because they are string literals or property names in the library itself:
 * mathjs names its factories ('createUnit' is in its dependency tables) and its node types ('SymbolNode'); tfjs
 * registers its environment flags by name ('IS_BROWSER', through 'registerFlag').
 */
export const MARKERS = {
  mathjs: ['createUnit', 'SymbolNode'],
  tfjs: ['IS_BROWSER', 'registerFlag'],
} as const;

/** One output file of the bundle, as vite's build reported it (plain data: it crosses from globalSetup to tests). */
export interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  /** Chunks it imports statically. */
  imports: string[];
  /** Chunks it imports with `import()`. */
  dynamicImports: string[];
  /** The module it stands for, relative to the repository (`components/phase-plot.ts`), or null for a shared chunk. */
  module: string | null;
}

export interface Bundle {
  /** The folder that holds saddle.js and chunks/. */
  outDir: string;
  chunks: ChunkInfo[];
}

/** Builds the embed bundle into `outDir` (emptied first) with vite.lib.config.ts. */
export async function buildBundle(outDir: string): Promise<Bundle> {
  const result = await build({
    configFile: join(root, 'vite.lib.config.ts'),
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) =>
    o.output
      .filter((c): c is Rolldown.OutputChunk => c.type === 'chunk')
      .map((c) => ({
        fileName: c.fileName,
        isEntry: c.isEntry,
        imports: [...c.imports],
        dynamicImports: [...c.dynamicImports],
        module: c.facadeModuleId ? relative(root, c.facadeModuleId).split('\\').join('/') : null,
      })),
  );
  return { outDir, chunks };
}

/** The entry and every chunk it reaches through static imports: what a page loads before any dynamic import. */
export function staticClosure(bundle: Bundle, entry = 'saddle.js'): string[] {
  return closure(bundle, [entry]);
}

/**
 * What a page that uses the elements defined in `modules` (e.g. `components/phase-plot.ts`) loads before any import
 * that depends on the data (mathjs for `game="expr"`, tfjs): saddle.js loads each used element's chunk by a dynamic
 * import when its tag appears, so the entry's closure plus each element chunk's closure. Throws when a module has no
 * chunk of its own (the bundle's layout changed: the caller's measure would no longer mean anything).
 */
export function pageClosure(bundle: Bundle, modules: readonly string[]): string[] {
  const chunks = modules.map((m) => {
    const chunk = bundle.chunks.find((c) => c.module === m);
    if (!chunk) throw new Error(`no chunk of the bundle stands for ${m} (chunks: ${bundle.chunks.map((c) => c.module ?? c.fileName).join(', ')})`);
    return chunk.fileName;
  });
  return closure(bundle, ['saddle.js', ...chunks]);
}

function closure(bundle: Bundle, roots: readonly string[]): string[] {
  const byName = new Map(bundle.chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of byName.get(name)?.imports ?? []) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

/** The size of a file gzipped at level 9, in bytes. */
export const gzippedSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Which of mathjs and tfjs a file's text holds (any one marker counts). */
export function libraries(text: string): ('mathjs' | 'tfjs')[] {
  return (Object.keys(MARKERS) as ('mathjs' | 'tfjs')[]).filter((lib) => MARKERS[lib].some((m) => text.includes(m)));
}
