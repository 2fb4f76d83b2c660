/**
 * The embed bundle (issue 4 §2): `vite.lib.config.ts` builds dist/saddle.js, which a plain page loads with one
 * script tag. The vitest `bundle` project builds it once per run into a temporary folder (test/browser/setup-bundle.ts),
 * and this checks what a page with only built-in games downloads: saddle.js loads each element's chunk when its tag
 * appears, so for phase plots that is the entry, the phase plot's chunk and their static imports; they stay within
 * 150 kB gzipped and hold no mathjs and no tfjs; mathjs sits in a chunk that only a dynamic import reaches. It also checks
 * that examples/course-page.html loads the bundle by a relative path; test/browser/course-page.test.ts then opens
 * that page on the same build in Chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { BUDGET as LIMIT, MARKERS, gzippedSize, pageClosure, root } from './browser/bundle.ts';

const bundle = inject('bundle');
const outDir = bundle.outDir;
const chunks = new Map(bundle.chunks.map((c) => [c.fileName, c]));

/** What a page with phase plots of built-in games loads: saddle.js, and the phase plot's chunk when the tag appears. */
const phasePlotPage = () => pageClosure(bundle, ['components/phase-plot.ts']);

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
    const files = phasePlotPage();
    for (const f of files) expect(existsSync(join(outDir, f)), f).toBe(true);
    const gzipped = files.reduce((sum, f) => sum + gzippedSize(join(outDir, f)), 0);
    console.log(`embed bundle, a phase-plot page (${files.join(' + ')}): ${gzipped} bytes gzipped (${(gzipped / 1000).toFixed(1)} kB, limit ${LIMIT / 1000} kB)`);
    expect(gzipped).toBeLessThanOrEqual(LIMIT);
  });

  it('keeps mathjs in a lazily loaded chunk, and tfjs out of everything a built-in game loads', () => {
    const statics = phasePlotPage();
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
    // Likewise tfjs: it is bundled into the GAN engine's lazy chunk, which carries both markers.
    expect(lazy.filter((c) => MARKERS.tfjs.every((m) => code(c.fileName).includes(m))).length).toBeGreaterThanOrEqual(1);
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
