import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * Binary assets as files next to the chunks, not inlined. Library mode inlines every asset as a base64 data URL
 * (vite ignores `assetsInlineLimit` there), which put the 1.6 MB MNIST asset and both wasm binaries into the GAN
 * trainer's chunk: a page with one 2-D trainer downloaded 2.2 MB gzipped, most of it digits it never shows. This
 * plugin emits them as files and leaves a URL relative to the chunk that uses them, so they are fetched only when
 * used, from wherever the bundle is served. It handles the two forms the code uses:
 * `new URL('./assets/x.bin.gz', import.meta.url)` (gan/mnist.ts, gan/classifier.ts: the form Node reads as well) and
 * `import url from '….wasm?url'` (components/gan-trainer-engine.ts).
 */
const emittedAssets = (): Plugin => {
  const relativeUrl = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.(?:gz|bin|wasm))\1\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: 'saddle-emitted-assets',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.wasm?url')) return null;
      const file = id.slice(0, -'?url'.length);
      const ref = this.emitFile({ type: 'asset', name: basename(file), source: readFileSync(file) });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    transform(code, id) {
      if (!code.includes('import.meta.url')) return null;
      let changed = false;
      const out = code.replace(relativeUrl, (_, _q, path: string) => {
        changed = true;
        const ref = this.emitFile({ type: 'asset', name: basename(path), source: readFileSync(resolve(dirname(id), path)) });
        return `new URL(import.meta.ROLLUP_FILE_URL_${ref})`;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
};

/**
 * The embed bundle: `npm run build` → dist/saddle.js (an ES module that registers every `<saddle-*>` element, see
 * components/index.ts) plus dist/chunks/, the lazily loaded parts (mathjs behind `game="expr"`). Everything is
 * bundled (lit and d3 included), so a page needs no build step and no import map. The gallery has its own config
 * (vite.config.ts) and builds into dist/gallery/.
 */
export default defineConfig({
  root: '.',
  publicDir: false,
  // URLs of emitted files relative to the chunk that uses them (`new URL('../assets/…', import.meta.url)`), not to a
  // site root: a page may serve the bundle from any folder.
  base: './',
  plugins: [emittedAssets()],
  // Library mode leaves `process.env.NODE_ENV` for the consumer to set; a plain page has no `process`.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  // Always the production builds of lit and friends, even when NODE_ENV says otherwise (vitest sets it to 'test',
  // which would otherwise pick lit's development build and its console warning).
  resolve: { conditions: defaultClientConditions.map((c) => (c === 'development|production' ? 'production' : c)) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    copyPublicDir: false,
    lib: {
      entry: 'components/index.ts',
      formats: ['es'],
      fileName: () => 'saddle.js',
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // Vite leaves an ES library's whitespace alone (for a consumer's bundler); this bundle goes straight to pages.
        minify: true,
      },
    },
  },
});
