/**
 * The embed bundle (issue 4 §2): `vite.lib.config.ts` builds dist/saddle.js, which a plain page loads with one
 * script tag. This builds it into a temporary folder through vite's JS API and checks what a page with only
 * built-in games downloads: the entry and its static imports stay within 150 kB gzipped and hold no mathjs and no
 * tfjs; mathjs sits in a chunk that only a dynamic import reaches. It also checks that examples/course-page.html
 * loads the bundle by a relative path.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 150_000;

/**
 * Strings that survive minification because they are string literals or property names in the library itself:
 * mathjs names its factories ('createUnit' is in its dependency tables) and its node types ('SymbolNode'); tfjs
 * registers its environment flags by name ('IS_BROWSER', through 'registerFlag').
 */
const MARKERS = {
  mathjs: ['createUnit', 'SymbolNode'],
  tfjs: ['IS_BROWSER', 'registerFlag'],
};

type Chunk = Rolldown.OutputChunk;
let outDir: string;
let chunks: Map<string, Chunk>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'saddle-build-'));
  const result = await build({
    configFile: join(root, 'vite.lib.config.ts'),
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  chunks = new Map(outputs.flatMap((o) => o.output.filter((c): c is Chunk => c.type === 'chunk').map((c) => [c.fileName, c] as const)));
}, 60_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The entry and every chunk it reaches through static imports: what a page loads before any dynamic import. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
  };
  visit(entry);
  return [...seen];
}

const code = (file: string) => readFileSync(join(outDir, file), 'utf8');
const has = (text: string, markers: readonly string[]) => markers.some((m) => text.includes(m));

describe('the embed bundle (npm run build)', () => {
  it('writes dist/saddle.js as the only entry, an ES module that registers <saddle-phase-plot>', () => {
    expect(existsSync(join(outDir, 'saddle.js'))).toBe(true);
    const entries = [...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName);
    expect(entries).toEqual(['saddle.js']);
    expect(code('saddle.js')).toContain('saddle-phase-plot');
    // lit's production build, even though vitest runs with NODE_ENV=test.
    expect(code('saddle.js')).not.toContain('Lit is in dev mode');
  });

  it('loads at most 150 kB of gzipped JavaScript on a page with only built-in games', () => {
    const files = staticClosure('saddle.js');
    for (const f of files) expect(existsSync(join(outDir, f)), f).toBe(true);
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length, 0);
    console.log(`embed bundle, statically loaded (${files.join(' + ')}): ${gzipped} bytes gzipped (${(gzipped / 1000).toFixed(1)} kB, limit ${LIMIT / 1000} kB)`);
    expect(gzipped).toBeLessThanOrEqual(LIMIT);
  });

  it('keeps mathjs in a lazily loaded chunk, and tfjs out of everything a built-in game loads', () => {
    const statics = staticClosure('saddle.js');
    for (const f of statics) {
      const text = code(f);
      expect(has(text, MARKERS.mathjs), `${f} contains mathjs`).toBe(false);
      expect(has(text, MARKERS.tfjs), `${f} contains tfjs`).toBe(false);
    }
    // The markers must be able to fail: mathjs is bundled, so they are in the chunk `game="expr"` imports.
    const lazy = [...chunks.values()].filter((c) => !statics.includes(c.fileName));
    const withMathjs = lazy.filter((c) => MARKERS.mathjs.every((m) => code(c.fileName).includes(m)));
    expect(withMathjs.length).toBeGreaterThanOrEqual(1);
    const dynamic = new Set(statics.flatMap((f) => chunks.get(f)?.dynamicImports ?? []));
    expect(withMathjs.some((c) => dynamic.has(c.fileName))).toBe(true);
    // tfjs is not in the bundle at all; its own minified build carries both markers, so they would show if it were.
    const tf = readFileSync(join(root, 'node_modules/@tensorflow/tfjs/dist/tf.min.js'), 'utf8');
    for (const m of MARKERS.tfjs) expect(tf).toContain(m);
  });

  it('examples/course-page.html loads it with one module script by a relative path', () => {
    const page = readFileSync(join(root, 'examples/course-page.html'), 'utf8');
    const scripts = [...page.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/type="module"/);
    const src = /src="([^"]+)"/.exec(scripts[0])?.[1] ?? '';
    expect(src).not.toMatch(/^(\/|[a-z]+:)/i);
    expect(resolve(root, 'examples', ...src.split(posix.sep))).toBe(join(root, 'dist', 'saddle.js'));
    expect(page).toMatch(/<saddle-phase-plot\b[^>]*\bgame="bilinear"/);
    expect(page).toMatch(/<saddle-phase-plot\b[^>]*\bgame="dirac"[^>]*"reg":"r1"/);
  });
});
