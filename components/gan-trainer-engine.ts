/**
 * The heavy half of the GAN elements, loaded by a dynamic `import()` when a `<saddle-gan-trainer>` or
 * `<saddle-gan-1d>` connects: tfjs, the wasm backend's binaries and the engine (gan/). A page that shows only a
 * phase plot never downloads it.
 *
 * The backend is the page's, not the element's (tfjs has one active backend): the first element to start picks it
 * from its preferred order (webgl → wasm → cpu by default, gan/backend.ts `startBackend`), later ones share it and
 * report the same name. The wasm binaries come through vite's `?url` imports (files in a site build, data URLs in the
 * embed bundle), handed to `setWasmPaths`: the SIMD binary and the plain one for browsers without SIMD. The threaded
 * binary is left out (threads are switched off, STACK.md: they hang in a minified build and gave no speed-up on 2
 * cores), which keeps 0.6 MB of base64 out of the embed bundle's lazy chunk.
 */
/// <reference types="vite/client" />
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { startBackend, type BackendChoice } from '../gan/backend.ts';
import type { GanConfig } from '../gan/config.ts';
import { resolveDataset } from '../gan/train.ts';

export { GanSession } from '../gan/session.ts';
export { browserKey, checkpointFiles, download, loadFromBrowser, loadFromFiles, loadRun, saveInBrowser, saveRun } from './kit/checkpoint-io.ts';
export { drawPlane } from './gan-trainer-draw.ts';
export { parseGanConfig } from '../gan/config.ts';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  // setWasmPaths demands an entry for every binary; threads are off, so this one is never fetched.
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
};

let started: Promise<BackendChoice> | undefined;

/** Starts the page's backend once (the first caller's order wins) and says which one runs. */
export function pageBackend(order: readonly string[]): Promise<BackendChoice> {
  started ??= startBackend(order, { wasmPaths });
  return started;
}

/** Live tensors on the active backend (for the element's read-only state and the tests). */
export const liveTensors = (): number => tf.memory().numTensors;

/**
 * Why a checkpoint is not for `<saddle-gan-trainer>`, or undefined when it is: the trainer draws 2-D data, so a
 * checkpoint of MNIST digits (`<saddle-gan-images>`'s) or of 1-D data (`<saddle-gan-1d>`'s, the command line's) is
 * refused with the element it belongs to.
 */
export function trainerCheckpoint(config: GanConfig): string | undefined {
  const name = typeof config.dataset === 'string' ? config.dataset : config.dataset.name;
  if (name === 'mnist') return 'it was trained on MNIST digits: a checkpoint of <saddle-gan-images>, which loads there; <saddle-gan-trainer> loads checkpoints of 2-D data only';
  const dim = resolveDataset(config.dataset).dim;
  if (dim !== 2) return `it was trained on ${dim}-D data (${name}): a checkpoint of <saddle-gan-1d> or the command line; <saddle-gan-trainer> loads checkpoints of 2-D data only`;
  return undefined;
}
