/**
 * Choosing the tfjs backend, checked: `tf.setBackend` that fails returns false and tf silently falls back, so the
 * backend in use is always asserted and reported (../shared/STACK.md).
 *
 * - `cpu`: plain JavaScript kernels; exact and deterministic, the backend of the tests.
 * - `webgl`: fragment-shader kernels on the GPU, in a browser only (tfjs registers it where WebGL exists; in headless
 *   Chromium it runs on SwiftShader, a software GPU, so it is slower there than wasm: STACK.md measures both).
 * - `wasm`: XNNPACK kernels in WebAssembly with SIMD, single-threaded (threads gave no speed-up on 2 cores and hang
 *   in some builds). In Node its .wasm files are located next to the installed package; a page passes their URLs.
 *   Two of its kernels that skip XNNPACK are replaced on first use: products with a transposed operand
 *   (wasm-matmul.ts) and the transposed convolution (wasm-conv.ts).
 *
 * Production mode is switched on: it silences tfjs's console advice and skips debug checks.
 *
 * Saddle uses tfjs-core (ops, gradients, tf.io) and registers the three backends itself, instead of the
 * `@tensorflow/tfjs` bundle, whose layers, converter and data packages it never calls: the GAN trainer's lazy chunk
 * is 219 kB gzipped instead of 279 kB.
 */
import * as tf from '@tensorflow/tfjs-core';
// What the tfjs bundle registers besides the backends: the gradients of every op and the chained forms (t.add(u)).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { InputError, show } from '../src/errors.ts';
import { convolveWasmTransposed } from './wasm-conv.ts';
import { untransposeWasmMatMul } from './wasm-matmul.ts';

export const backendNames = ['cpu', 'wasm', 'webgl'] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendOptions {
  /**
   * For wasm in a page: the folder URL (ending in `/`) or a map from file name to URL of the backend's .wasm files
   * (vite: import them with `?url`). In Node they are found in node_modules when absent.
   */
  wasmPaths?: string | Record<string, string>;
}

/** The .wasm folder of the installed @tensorflow/tfjs-backend-wasm, in Node. */
async function nodeWasmFolder(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  const require = createRequire(import.meta.url);
  const file = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return `${dirname(file)}/`;
}

let wasmConfigured = false;

/**
 * Makes `name` the active tfjs backend and returns it, or throws an {@link InputError} when it cannot be used.
 * Idempotent: switching back and forth is allowed (tensors of the old backend move lazily, as tfjs does).
 */
export async function useBackend(name: string, options: BackendOptions = {}): Promise<BackendName> {
  if (!(backendNames as readonly string[]).includes(name)) {
    throw new InputError('backend', `unknown backend ${show(name)} (known: ${backendNames.join(', ')})`);
  }
  tf.enableProdMode();
  if (name === 'wasm' && !wasmConfigured) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
    const paths = options.wasmPaths ?? (isNode ? await nodeWasmFolder() : undefined);
    if (paths !== undefined) setWasmPaths(paths as Parameters<typeof setWasmPaths>[0]);
    untransposeWasmMatMul();
    convolveWasmTransposed();
    wasmConfigured = true;
  }
  let ok = false;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    throw new InputError('backend', `${name} could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new InputError('backend', `${name} could not start (tfjs fell back to ${tf.getBackend()})`);
  return name as BackendName;
}

/** The order a page tries backends in: the GPU first, then WebAssembly, then plain JavaScript. */
export const BROWSER_BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Which backend runs, and why the ones before it in the order did not. */
export interface BackendChoice {
  backend: BackendName;
  /** One line per backend that was tried first and could not start: `webgl: could not start (…)`. */
  skipped: string[];
}

/**
 * Starts the first backend of `order` that works (default webgl → wasm → cpu) and says which one runs and why the
 * others were skipped: tfjs's own fallback is silent, this one is reported. Throws an {@link InputError} listing
 * every failure when none starts.
 */
export async function startBackend(order: readonly string[] = BROWSER_BACKENDS, options: BackendOptions = {}): Promise<BackendChoice> {
  const skipped: string[] = [];
  for (const name of order) {
    try {
      return { backend: await useBackend(name, options), skipped };
    } catch (e) {
      skipped.push(`${name}: ${e instanceof InputError ? e.what : e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new InputError('backend', `none of ${order.join(', ')} could start (${skipped.join('; ')})`);
}
