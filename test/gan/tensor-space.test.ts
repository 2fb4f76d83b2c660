/**
 * The tensor space obeys the same laws as the Float64 space: every in-place operation gives, on random data, what
 * float64Space gives on the same (float32-rounded) numbers, to float32 rounding; it keeps Variables (the networks'
 * parameters) as the same objects, updated by assign; and it leaves the number of live tensors unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { blockFromArray, blockToArray, TensorBlock, tensorSpace, variableBlock } from '../../gan/tensor-space.ts';
import { float64Space } from '../../src/space.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const SHAPES = [[3, 2], [2], [1]];
const N = 9;
const U = 2 ** -24;
const vec = (min = -3, max = 3) => fc.array(fc.float({ min, max, noNaN: true, noDefaultInfinity: true }), { minLength: N, maxLength: N });
const num = fc.double({ min: -3, max: 3, noNaN: true });

/** Runs `op` on tensor blocks and on Float64Arrays built from the same numbers; returns both results for dst. */
function apply(dst: number[], args: number[][], op: (space: typeof tensorSpace | typeof float64Space, d: never, a: never[]) => void) {
  const tBlocks = [dst, ...args].map((v) => blockFromArray(SHAPES, v));
  const fArrays = [dst, ...args].map((v) => Float64Array.from(v));
  const before = tf.memory().numTensors;
  op(tensorSpace, tBlocks[0] as never, tBlocks.slice(1) as never[]);
  const leaked = tf.memory().numTensors - before;
  op(float64Space, fArrays[0] as never, fArrays.slice(1) as never[]);
  const got = Array.from(blockToArray(tBlocks[0]));
  tBlocks.forEach((b) => tensorSpace.dispose(b));
  return { got, want: Array.from(fArrays[0]), leaked };
}

/** |got − want| ≤ k·u·scale per element, `scale` the magnitudes of the terms summed. */
const within = (got: number[], want: number[], scale: number[], k = 8) => got.every((g, i) => Math.abs(g - want[i]) <= k * U * scale[i] + 1e-30);

describe('the tensor space agrees with the Float64 space on random data (to float32 rounding)', () => {
  it('axpy: dst + a·x', () => {
    fc.assert(
      fc.property(vec(), vec(), num, (d, x, a) => {
        const { got, want, leaked } = apply(d, [x], (s, dd, [xx]) => s.axpy(dd, a, xx));
        expect(leaked).toBe(0);
        expect(within(got, want, d.map((v, i) => Math.abs(v) + Math.abs(a * x[i])))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('lincomb: a·x + b·y, also when dst is x or y', () => {
    fc.assert(
      fc.property(vec(), vec(), num, num, fc.constantFrom('fresh', 'x', 'y'), (x, y, a, b, alias) => {
        const scale = x.map((v, i) => Math.abs(a * v) + Math.abs(b * y[i]));
        if (alias === 'fresh') {
          const { got, want } = apply(new Array(N).fill(7), [x, y], (s, dd, [xx, yy]) => s.lincomb(dd, a, xx, b, yy));
          expect(within(got, want, scale)).toBe(true);
        } else {
          const [first, second] = alias === 'x' ? [x, y] : [y, x];
          const { got, want } = apply(first, [second], (s, dd, [other]) =>
            alias === 'x' ? s.lincomb(dd, a, dd, b, other) : s.lincomb(dd, a, other, b, dd),
          );
          expect(within(got, want, scale)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('scale, addcmul (dst + a·x⊙y) and addcdiv (dst + a·x/(√y + ε))', () => {
    fc.assert(
      fc.property(vec(), vec(), vec(0, 4), num, fc.double({ min: 1e-8, max: 1e-2, noNaN: true }), (d, x, y, a, eps) => {
        const sc = apply(d, [], (s, dd) => s.scale(dd, a));
        expect(within(sc.got, sc.want, d.map((v) => Math.abs(a * v)))).toBe(true);
        const cm = apply(d, [x, y], (s, dd, [xx, yy]) => s.addcmul(dd, a, xx, yy));
        expect(within(cm.got, cm.want, d.map((v, i) => Math.abs(v) + Math.abs(a * x[i] * y[i])))).toBe(true);
        const cd = apply(d, [x, y], (s, dd, [xx, yy]) => s.addcdiv(dd, a, xx, yy, eps));
        const eps32 = Math.fround(eps);
        expect(within(cd.got, cd.want, d.map((v, i) => Math.abs(v) + Math.abs((a * x[i]) / (Math.sqrt(y[i]) + eps32))), 16)).toBe(true);
        expect(sc.leaked + cm.leaked + cd.leaked).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('dot, zerosLike, clone and copy', () => {
    fc.assert(
      fc.property(vec(), vec(), (x, y) => {
        const [tx, ty] = [blockFromArray(SHAPES, x), blockFromArray(SHAPES, y)];
        const exact = x.reduce((s, v, i) => s + v * y[i], 0);
        const scale = x.reduce((s, v, i) => s + Math.abs(v * y[i]), 0);
        expect(Math.abs(tensorSpace.dot(tx, ty) - exact)).toBeLessThanOrEqual(16 * U * scale + 1e-30);
        const zeros = tensorSpace.zerosLike(tx);
        expect(Array.from(blockToArray(zeros))).toEqual(new Array(N).fill(0));
        expect(zeros.shapes).toEqual(SHAPES);
        const c = tensorSpace.clone(tx);
        tensorSpace.copy(tx, ty);
        expect(Array.from(blockToArray(c))).toEqual(x.map(Math.fround));
        expect(Array.from(blockToArray(tx))).toEqual(y.map(Math.fround));
        [tx, ty, zeros, c].forEach((b) => tensorSpace.dispose(b));
      }),
      { numRuns: 20 },
    );
  });
});

describe('parameters held as tf.Variables', () => {
  it('are updated in place by assign: the same Variable objects hold the new values, and no tensor is left over', () => {
    const params = variableBlock([tf.tensor2d([[1, 2]]), tf.tensor1d([3])]);
    const vars = [...params.tensors];
    const g = blockFromArray(params.shapes, [1, 1, 1]);
    const before = tf.memory().numTensors;
    tensorSpace.axpy(params, -0.5, g);
    tensorSpace.lincomb(params, 2, params, 1, g);
    tensorSpace.copy(params, tensorSpace.clone(params));
    expect(params.tensors.every((t, i) => t === vars[i] && t instanceof tf.Variable)).toBe(true);
    expect(Array.from(blockToArray(params))).toEqual([2, 4, 6]);
    // copy(params, clone) leaves the clone's tensors to the caller: one block of 2 tensors.
    expect(tf.memory().numTensors - before).toBe(2);
  });

  it('clones of a Variable block are plain tensors, independent of the Variables', () => {
    const params = variableBlock([tf.tensor1d([1, 2])]);
    const c = tensorSpace.clone(params);
    expect(c.tensors[0]).not.toBeInstanceOf(tf.Variable);
    tensorSpace.scale(params, 3);
    expect(Array.from(blockToArray(c))).toEqual([1, 2]);
    expect(Array.from(blockToArray(params))).toEqual([3, 6]);
    expect(new TensorBlock([tf.zeros([2, 3])]).size).toBe(6);
  });
});
