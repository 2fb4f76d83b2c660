/**
 * gan/wasm-conv.ts: on wasm, `Conv2DBackpropInput` (the transposed convolution) runs as a forward convolution over
 * the zero-dilated, padded dy with the filter rotated and its channels swapped.
 * Property: for every batch, size, channel count, filter size, stride pair and padding ('same', 'valid'), the wasm
 * kernel equals the cpu backend's (tfjs's own loop) to float32 rounding, its result has x's shape, and its
 * temporaries are freed. useBackend('wasm') installs the wrapper.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { Rng } from '../../gan/random.ts';
import { wasmTransposedConvolutionWrapped } from '../../gan/wasm-conv.ts';

beforeAll(async () => {
  await useBackend('wasm');
});
afterAll(async () => {
  await useBackend('cpu');
});

interface Case {
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  fh: number;
  fw: number;
  strides: [number, number];
  pad: 'same' | 'valid';
  seed: number;
}

const cases: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 12 }),
    w: fc.integer({ min: 1, max: 12 }),
    cin: fc.integer({ min: 1, max: 5 }),
    cout: fc.integer({ min: 1, max: 5 }),
    fh: fc.integer({ min: 1, max: 5 }),
    fw: fc.integer({ min: 1, max: 5 }),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pad: fc.constantFrom('same' as const, 'valid' as const),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  // 'valid' needs the filter to fit in x.
  .map((c) => (c.pad === 'valid' ? { ...c, h: Math.max(c.h, c.fh), w: Math.max(c.w, c.fw) } : c));

/** dx of case `c` on the active backend, as numbers. */
function transposed(c: Case, dyShape: number[], values: { dy: Float32Array; filter: Float32Array }): { out: Float32Array; shape: number[] } {
  const dy = tf.tensor4d(values.dy, dyShape as [number, number, number, number]);
  const filter = tf.tensor4d(values.filter, [c.fh, c.fw, c.cin, c.cout]);
  const before = tf.backend().numDataIds();
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: [c.n, c.h, c.w, c.cin] };
  const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  expect(tf.backend().numDataIds()).toBe(before + 1);
  const out = dx.dataSync() as Float32Array;
  const shape = dx.shape;
  tf.dispose([dy, filter, dx]);
  return { out, shape };
}

describe('the transposed convolution on wasm', () => {
  it('useBackend(\'wasm\') installs the wrapper in place of tfjs’s kernel', () => {
    expect(wasmTransposedConvolutionWrapped()).toBe(true);
  });

  it('equals the cpu backend’s to float32 rounding and frees its temporaries', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.cin], [c.fh, c.fw, c.cin, c.cout], c.strides, 1, c.pad);
        const dyShape = [c.n, info.outHeight, info.outWidth, c.cout];
        const rng = new Rng(c.seed);
        const values = {
          dy: rng.fillNormal(new Float32Array(dyShape.reduce((a, b) => a * b, 1))),
          filter: rng.fillNormal(new Float32Array(c.fh * c.fw * c.cin * c.cout)),
        };
        await useBackend('wasm');
        const wasm = transposed(c, dyShape, values);
        await useBackend('cpu');
        const cpu = transposed(c, dyShape, values);
        expect(wasm.shape).toEqual([c.n, c.h, c.w, c.cin]);
        expect(cpu.shape).toEqual(wasm.shape);
        // Each entry sums at most fh·fw·cout products of N(0, 1) numbers.
        const tolerance = 1e-5 * c.fh * c.fw * c.cout * 4;
        for (let i = 0; i < cpu.out.length; i++) expect(Math.abs(wasm.out[i] - cpu.out[i])).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 200 },
    );
  });
});
