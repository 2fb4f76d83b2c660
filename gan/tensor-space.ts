/**
 * The optimizers' vector space over lists of tf.Tensors: the container that lets the optimizers of src/optim,
 * written once against {@link Space}, train neural networks unchanged.
 *
 * A {@link TensorBlock} is one player's parameters (or a buffer shaped like them: a gradient, Adam's moments, an
 * extrapolated point): a mutable holder of a list of tensors, one per weight matrix or bias. tf.Tensors are
 * immutable, so "in place" means: compute the new tensor inside `tf.tidy` (which frees every intermediate), then
 * swap it into the holder and dispose the old one. Every operation therefore leaves the number of live tensors
 * unchanged, which is what keeps a training run's memory flat.
 *
 * How updates reach the networks: a player's parameter block holds the `tf.Variable`s themselves. Writing into a
 * slot that holds a Variable calls `variable.assign(newValue)` instead of swapping (tfjs then shares the new value's
 * data, no copy) and frees the temporary handle. So `optimizer.step(space, field, z, state)` with
 * `z = [generator.block, discriminator.block]` updates the variables that the networks read, and no copy back is
 * needed. Every other block (gradients, moments, `clone`s) holds plain tensors and is swapped.
 *
 * Everything stays on the device: only `dot` (and {@link blockToArray}) read back to the CPU, and no optimizer
 * calls them on its hot path. Numbers are float32 (tfjs has no float64 on its backends), so the same optimizer gives
 * over this space what it gives over Float64Array up to float32 rounding (test/gan/containers.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Space } from '../src/space.ts';

/** One player's parameters, or a buffer of the same shapes: a mutable list of tensors. */
export class TensorBlock {
  constructor(
    /** The tensors, in a fixed order; entries are replaced by the space's operations (or assigned, for Variables). */
    readonly tensors: tf.Tensor[],
  ) {}

  /** Total number of scalars. */
  get size(): number {
    return this.tensors.reduce((s, t) => s + t.size, 0);
  }

  /** The shapes, in order. */
  get shapes(): number[][] {
    return this.tensors.map((t) => t.shape.slice());
  }
}

/**
 * Replaces entry i of `dst` by `value` (which the block then owns): a Variable is assigned (it keeps its identity,
 * so networks holding it see the update); a plain tensor is swapped and the old one disposed.
 */
function put(dst: TensorBlock, i: number, value: tf.Tensor): void {
  const old = dst.tensors[i];
  if (old === value) return;
  if (old instanceof tf.Variable) {
    old.assign(value);
    value.dispose();
  } else {
    dst.tensors[i] = value;
    old.dispose();
  }
}

/** Replaces every entry of `dst` by `values` (owned by the block afterwards), as {@link put} does one. */
export function setBlock(dst: TensorBlock, values: readonly tf.Tensor[]): void {
  for (let i = 0; i < values.length; i++) put(dst, i, values[i]);
}

/** Computes a new tensor for every entry of `dst` in one tidy scope, then puts them in. */
function update(dst: TensorBlock, f: (i: number) => tf.Tensor): void {
  const next = tf.tidy(() => dst.tensors.map((_, i) => f(i)));
  for (let i = 0; i < next.length; i++) put(dst, i, tf.keep(next[i]));
}

/** a·x, without an op when a = 1 (exact: 1·x = x in IEEE arithmetic). */
const times = (a: number, x: tf.Tensor): tf.Tensor => (a === 1 ? x : tf.mul(x, a));

/**
 * The {@link Space} of {@link TensorBlock}s. Each operation is one fused expression per tensor inside `tf.tidy`;
 * `dot` reduces on the device and reads back one number.
 */
export const tensorSpace: Space<TensorBlock> = {
  zerosLike: (v) => new TensorBlock(v.tensors.map((t) => tf.keep(tf.zerosLike(t)))),
  clone: (v) => new TensorBlock(v.tensors.map((t) => tf.keep(tf.clone(t)))),
  copy(dst, src) {
    if (dst === src) return;
    for (let i = 0; i < dst.tensors.length; i++) put(dst, i, tf.keep(tf.clone(src.tensors[i])));
  },
  dispose(v) {
    for (const t of v.tensors) t.dispose();
  },
  scale(dst, a) {
    if (a === 1) return;
    update(dst, (i) => tf.mul(dst.tensors[i], a));
  },
  axpy(dst, a, x) {
    update(dst, (i) => tf.add(dst.tensors[i], times(a, x.tensors[i])));
  },
  lincomb(dst, a, x, b, y) {
    update(dst, (i) => tf.add(times(a, x.tensors[i]), times(b, y.tensors[i])));
  },
  addcmul(dst, a, x, y) {
    update(dst, (i) => tf.add(dst.tensors[i], times(a, tf.mul(x.tensors[i], y.tensors[i]))));
  },
  addcdiv(dst, a, x, y, eps) {
    update(dst, (i) => tf.add(dst.tensors[i], times(a, tf.div(x.tensors[i], tf.add(tf.sqrt(y.tensors[i]), eps)))));
  },
  dot(x, y) {
    const total = tf.tidy(() => tf.addN(x.tensors.map((t, i) => tf.sum(tf.mul(t, y.tensors[i])))));
    const value = total.dataSync()[0];
    total.dispose();
    return value;
  },
};

/** A block of plain tensors with the given shapes, filled from one flat array in order (row-major per tensor). */
export function blockFromArray(shapes: readonly (readonly number[])[], values: ArrayLike<number>): TensorBlock {
  let offset = 0;
  const tensors = shapes.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(Float32Array.from({ length: n }, (_, k) => values[offset + k]), shape as number[], 'float32');
    offset += n;
    return t;
  });
  if (offset !== values.length) throw new RangeError(`blockFromArray: shapes hold ${offset} numbers, got ${values.length}`);
  return new TensorBlock(tensors);
}

/** Reads a block back as one flat Float32Array, tensors in order (a read-back: not for the hot path). */
export function blockToArray(block: TensorBlock): Float32Array {
  const out = new Float32Array(block.size);
  let offset = 0;
  for (const t of block.tensors) {
    out.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  return out;
}

/** A block of `tf.Variable`s initialized from `values` (which it copies): a player's trainable parameters. */
export function variableBlock(values: readonly tf.Tensor[], names?: readonly string[]): TensorBlock {
  return new TensorBlock(values.map((v, i) => tf.variable(v, true, names?.[i] ? uniqueName(names[i]) : undefined)));
}

let nameCounter = 0;
/** tfjs variable names are global: suffix a counter so that two networks can both have a `g/dense0/kernel`. */
const uniqueName = (name: string) => `${name}_${nameCounter++}`;
