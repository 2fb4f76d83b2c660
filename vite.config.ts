import { defineConfig } from 'vite';

/**
 * The gallery: index.html at the top level (vite's default entry), components/ and src/ imported from it as ES modules.
 * Vitest does not read this file: it has its own vitest.config.ts.
 */
export default defineConfig({
  root: '.',
  server: { port: 5173 },
  build: {
    outDir: 'dist',
    target: 'es2022',
  },
});
