/**
 * Matrix products with a transposed operand on the wasm backend, made as fast as the plain ones.
 *
 * tfjs-backend-wasm 4.22 runs `BatchMatMul` and `_FusedMatMul` through XNNPACK only when neither operand is
 * transposed; with `transposeA` or `transposeB` set the same product takes 7–12× longer (measured here, batch 256,
 * width 64: dY·Wᵀ 1.30 ms against 0.17 ms with W transposed first; Xᵀ·dY 1.14 ms against 0.15 ms). Every backward
 * pass asks for exactly those products, ∂ℓ/∂W = Xᵀδ and δWᵀ (tfjs's own matMul gradient, and first-order.ts's
 * hand-written one), and they took 63% of a training step of a 2-64-64-64-2 / 2-64-64-1 GAN.
 *
 * So on wasm both kernels are wrapped: a transposed operand is first materialized by the `Transpose` kernel (a copy,
 * cheap next to the product), then the original kernel runs untransposed. The result is the same product summed in
 * XNNPACK's order, so it agrees with the flagged kernel to float32 rounding, not bit for bit. The cpu backend is left
 * alone (there the flags are as fast as a copy), and so is webgl (a transpose is an index swap in the shader).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type KernelFunc, replaceWasmKernel, scratch, wasmKernel, wasmKernelReplaced } from './wasm-kernel.ts';

const KERNELS = ['BatchMatMul', '_FusedMatMul'];

/** Are the wasm backend's `BatchMatMul` and `_FusedMatMul` this module's wrappers (useBackend('wasm') installs them)? */
export function wasmMatMulUntransposed(): boolean {
  return KERNELS.every(wasmKernelReplaced);
}

/** Wraps `BatchMatMul` and `_FusedMatMul` of the wasm backend (once; the wasm backend must be registered). */
export function untransposeWasmMatMul(): void {
  const transpose = wasmKernel('Transpose');
  for (const name of KERNELS) {
    replaceWasmKernel(name, (original): KernelFunc => (args) => {
      const { inputs, backend, attrs } = args;
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original(args);
      const { run, free } = scratch(backend);
      const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
        const perm = x.shape.map((_, k) => k);
        [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
        return run(transpose, { x }, { perm });
      };
      const a = transposeA ? swapLast(inputs.a as tf.TensorInfo) : inputs.a;
      const b = transposeB ? swapLast(inputs.b as tf.TensorInfo) : inputs.b;
      const out = original({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      free();
      return out;
    });
  }
}
