import { defineConfig } from 'vite';

/**
 * The gallery: index.html at the top level (vite's default entry), components/ and src/ imported from it as ES modules.
 * Vitest does not read this file: it has its own vitest.config.ts. `npm run build` builds the embed bundle first
 * (vite.lib.config.ts → dist/saddle.js) and then this site into dist/gallery/, so the two never overwrite each other.
 */
export default defineConfig({
  root: '.',
  server: { port: 5173 },
  build: {
    outDir: 'dist/gallery',
    target: 'es2022',
  },
});
