import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The embed bundle: `npm run build` → dist/saddle.js (an ES module that registers every `<saddle-*>` element, see
 * components/index.ts) plus dist/chunks/, the lazily loaded parts (mathjs behind `game="expr"`). Everything is
 * bundled (lit and d3 included), so a page needs no build step and no import map. The gallery has its own config
 * (vite.config.ts) and builds into dist/gallery/.
 */
export default defineConfig({
  root: '.',
  publicDir: false,
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
        // Vite leaves an ES library's whitespace alone (for a consumer's bundler); this bundle goes straight to pages.
        minify: true,
      },
    },
  },
});
