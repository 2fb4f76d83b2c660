/**
 * The transposed convolution on the wasm backend, run as a forward convolution.
 *
 * tfjs-backend-wasm 4.22 runs `Conv2DBackpropInput` (the gradient of a convolution with respect to its input, and so
 * also a DCGAN generator's transposed convolution) as a plain loop, while `Conv2D` goes through XNNPACK. Measured with
 * tf.profile (bench/gan.ts): 132 ms for dy [64, 7, 7, 64] → dx [64, 14, 14, 32] with a 5 × 5 filter, where the
 * forward convolution of the same sizes takes 14 ms. It was 72–75% of an MNIST DCGAN step.
 *
 * The identity used (Dumoulin & Visin 2016, "A guide to convolution arithmetic for deep learning", §4): for a
 * convolution with strides (s_h, s_w) and padding (p_top, p_left),
 *   dx = conv_valid( pad( dilate(dy, s), f_h − 1 − p_top, f_w − 1 − p_left ), rot180(W)ᵀ ),
 * where dilate puts s − 1 zeros between neighbouring rows (columns) of dy, rot180 reverses the filter's two spatial
 * axes and ᵀ swaps its channel axes ([f_h, f_w, in, out] → [f_h, f_w, out, in]). The padding after is whatever makes
 * the result as tall and wide as x (rows past that do not reach dx and are cut). Zeros fill (s − 1)/s of each
 * dilated row, so this does s_h·s_w times the arithmetic of the forward convolution, in a kernel that is ~10× faster
 * per multiply.
 *
 * The wrapper falls back to tfjs's own kernel where the identity needs a negative padding (a filter smaller than its
 * padding) or the data are channels-first. The result agrees with the loop to float32 rounding, not bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type KernelFunc, replaceWasmKernel, scratch, wasmKernel, wasmKernelReplaced } from './wasm-kernel.ts';

/** Is the wasm backend's `Conv2DBackpropInput` this module's wrapper (useBackend('wasm') installs it)? */
export function wasmTransposedConvolutionWrapped(): boolean {
  return wasmKernelReplaced('Conv2DBackpropInput');
}

/** Replaces the wasm backend's `Conv2DBackpropInput` by the forward-convolution form above (once). */
export function convolveWasmTransposed(): void {
  const [reshape, pad, slice, reverse, transpose, conv2d] = ['Reshape', 'PadV2', 'Slice', 'Reverse', 'Transpose', 'Conv2D'].map(wasmKernel);
  replaceWasmKernel('Conv2DBackpropInput', (original): KernelFunc => (args) => {
    const { inputs, backend, attrs } = args;
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const { strides, pad: padding, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW') return original(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape as [number, number, number, number], filter.shape as [number, number, number, number], strides, 1, padding, dimRoundingMode);
    const { batchSize: n, inHeight: h, inWidth: w, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, outChannels: co } = info;
    const top = fh - 1 - info.padInfo.top;
    const left = fw - 1 - info.padInfo.left;
    if (top < 0 || left < 0) return original(args);
    const { run, free } = scratch(backend);
    // dilate: [n, oh, 1, ow, 1, co] padded to [n, oh, sh, ow, sw, co] is dy with s − 1 zeros after each row and column.
    let x = dy;
    if (sh > 1 || sw > 1) {
      const spread = run(reshape, { x: dy }, { shape: [n, oh, 1, ow, 1, co] });
      const zeros = run(pad, { x: spread }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
      x = run(reshape, { x: zeros }, { shape: [n, oh * sh, ow * sw, co] });
    }
    // Keep the rows and columns that reach dx, then pad to [n, h + fh − 1, w + fw − 1, co].
    const [rows, cols] = [Math.min(x.shape[1], h + fh - 1 - top), Math.min(x.shape[2], w + fw - 1 - left)];
    if (rows < x.shape[1] || cols < x.shape[2]) x = run(slice, { x }, { begin: [0, 0, 0, 0], size: [n, rows, cols, co] });
    const padded = run(pad, { x }, { paddings: [[0, 0], [top, h + fh - 1 - top - rows], [left, w + fw - 1 - left - cols], [0, 0]], constantValue: 0 });
    const flipped = run(transpose, { x: run(reverse, { x: filter }, { dims: [0, 1] }) }, { perm: [0, 1, 3, 2] });
    const out = conv2d({ inputs: { x: padded, filter: flipped }, backend, attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] } });
    free();
    return out;
  });
}
