/**
 * A Node module-resolution hook for tfjs's ES modules (registered by bin/register.js).
 *
 * gan/backend.ts imports two side-effect modules of @tensorflow/tfjs-core that no bundle of it contains: the
 * gradient of every op (dist/register_all_gradients.js) and the chained ops (t.add(u)). Those exist only as the
 * package's ES modules, whose relative imports name no extension (`from './gradients'`), as bundlers accept and
 * Node does not. Vite and vitest resolve them; plain Node (the `saddle` command, the scripts, the benchmarks)
 * needs this hook: a relative import inside node_modules/@tensorflow/ that names no file is completed the way a
 * bundler completes it, to `X.js`, else `X/index.js` (dist/ has both a gradients.js and a gradients/ folder).
 *
 * The modules so loaded share tfjs's engine, kernel and gradient registries with the package's Node bundle that
 * `import '@tensorflow/tfjs-core'` loads: tfjs keeps them on the global object for exactly this.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const isFile = (url) => {
  try {
    return statSync(fileURLToPath(url)).isFile();
  } catch {
    return false;
  }
};

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent?.includes('/node_modules/@tensorflow/') && /^\.\.?\//.test(specifier) && !/\.[cm]?js$/.test(specifier)) {
    for (const suffix of ['.js', '/index.js']) {
      const url = new URL(specifier + suffix, parent);
      if (isFile(url)) return nextResolve(url.href, context);
    }
  }
  return nextResolve(specifier, context);
}
