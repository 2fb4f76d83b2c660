import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/** The gallery's figures load scenario files by `src="sims/…"`: the dev server serves them, the build copies them. */
const scenarios = (): Plugin => ({
  name: 'saddle-scenarios',
  apply: 'build',
  generateBundle() {
    for (const name of readdirSync('sims').filter((f) => f.endsWith('.json'))) {
      this.emitFile({ type: 'asset', fileName: `sims/${name}`, source: readFileSync(`sims/${name}`) });
    }
  },
});

/**
 * The gallery: index.html at the top level (vite's default entry), components/ and src/ imported from it as ES modules.
 * Vitest does not read this file: it has its own vitest.config.ts. `npm run build` builds the embed bundle first
 * (vite.lib.config.ts → dist/saddle.js) and then this site into dist/gallery/, so the two never overwrite each other.
 */
export default defineConfig({
  root: '.',
  server: { port: 5173 },
  plugins: [scenarios()],
  build: {
    outDir: 'dist/gallery',
    target: 'es2022',
  },
});
