/**
 * Replacing a kernel of the wasm backend, the one mechanism behind wasm-matmul.ts and wasm-conv.ts: the replacement
 * is made from tfjs's own kernel (to fall back on), registered once under the same name, and remembered, so a test
 * can tell it from tfjs's. Inside a replacement, {@link scratch} runs other wasm kernels on temporaries that it frees.
 */
import * as tf from '@tensorflow/tfjs-core';

export type KernelFunc = tf.KernelConfig['kernelFunc'];

const replaced = new Map<string, KernelFunc>();

/** Registers `make(tfjs's kernel)` as the wasm backend's `name` (once; the wasm backend must be registered). */
export function replaceWasmKernel(name: string, make: (original: KernelFunc) => KernelFunc): void {
  if (replaced.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  if (original === undefined) throw new Error(`wasm backend has no ${name} kernel`);
  const kernelFunc = make(original.kernelFunc);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
  replaced.set(name, kernelFunc);
}

/** Is the wasm backend's `name` the replacement {@link replaceWasmKernel} registered? */
export function wasmKernelReplaced(name: string): boolean {
  const kernel = tf.getKernel(name, 'wasm');
  return kernel !== undefined && replaced.get(name) === kernel.kernelFunc;
}

/** The wasm kernel `name`'s function (for use inside a replacement). */
export function wasmKernel(name: string): KernelFunc {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`wasm backend has no ${name} kernel`);
  return kernel.kernelFunc;
}

/**
 * Runs kernels on `backend` keeping their outputs as temporaries: `run(f, inputs, attrs)` is f's output, and
 * `free()` disposes every one of them (call it once the kernel's own result is made).
 */
export function scratch(backend: unknown): { run: (f: KernelFunc, inputs: tf.NamedTensorInfoMap, attrs: Record<string, unknown>) => tf.TensorInfo; free: () => void } {
  const temporaries: tf.TensorInfo[] = [];
  return {
    run: (f, inputs, attrs) => {
      const t = f({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    },
    free: () => {
      for (const t of temporaries) (backend as tf.KernelBackend).disposeData(t.dataId);
    },
  };
}
