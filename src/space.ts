/**
 * The vector space an optimizer works in.
 *
 * An optimizer never touches numbers directly: it asks a {@link Space} to combine parameter containers. The
 * operations are in place and follow PyTorch's `_foreach_*` kernels (`add_`, `mul_`, `addcmul_`, `addcdiv_`), the
 * minimal set with which SGD, heavy ball, Adam, extragradient and their kin are written. Two implementations:
 * - {@link float64Space}: a `Float64Array` holding one player's parameters, or a whole batch of starting points in
 *   struct-of-arrays layout (component `c` of point `b` at `c·n + b`); every operation is elementwise, so the
 *   optimizer does not know whether it moves one point or 65,536;
 * - a space of `tf.Tensor` lists (gan/), where "in place" swaps the tensor inside a mutable holder.
 * Reductions (`dot`) sum over the whole container; optimizers do not use them on the hot path.
 */
export interface Space<V> {
  /** A new container of the same shape, filled with zeros. */
  zerosLike(v: V): V;
  /** A new container holding a copy of `v`. */
  clone(v: V): V;
  /** dst ← src. */
  copy(dst: V, src: V): void;
  /** Release what `v` holds (tensors); a no-op for arrays. */
  dispose(v: V): void;
  /** dst ← a·dst. */
  scale(dst: V, a: number): void;
  /** dst ← dst + a·x. */
  axpy(dst: V, a: number, x: V): void;
  /** dst ← a·x + b·y (dst may be x or y). */
  lincomb(dst: V, a: number, x: V, b: number, y: V): void;
  /** dst ← dst + a·x⊙y. */
  addcmul(dst: V, a: number, x: V, y: V): void;
  /** dst ← dst + a·x ⊘ (√y + eps). */
  addcdiv(dst: V, a: number, x: V, y: V, eps: number): void;
  /** ⟨x, y⟩ summed over every element. */
  dot(x: V, y: V): number;
}

/** One block per player: the joint parameter z = (θ₁, …, θₙ). */
export type Blocks<V> = V[];

/** Elementwise operations on Float64Array containers. Monomorphic loops: this is the hot path of every batch. */
export const float64Space: Space<Float64Array> = {
  zerosLike: (v) => new Float64Array(v.length),
  clone: (v) => v.slice(),
  copy: (dst, src) => dst.set(src),
  dispose: () => {},
  scale(dst, a) {
    for (let i = 0; i < dst.length; i++) dst[i] *= a;
  },
  axpy(dst, a, x) {
    for (let i = 0; i < dst.length; i++) dst[i] += a * x[i];
  },
  lincomb(dst, a, x, b, y) {
    for (let i = 0; i < dst.length; i++) dst[i] = a * x[i] + b * y[i];
  },
  addcmul(dst, a, x, y) {
    for (let i = 0; i < dst.length; i++) dst[i] += a * x[i] * y[i];
  },
  addcdiv(dst, a, x, y, eps) {
    for (let i = 0; i < dst.length; i++) dst[i] += (a * x[i]) / (Math.sqrt(y[i]) + eps);
  },
  dot(x, y) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  },
};

/** Helpers over all players' blocks at once. */
export const blocks = {
  zerosLike: <V>(space: Space<V>, z: readonly V[]): V[] => z.map((v) => space.zerosLike(v)),
  clone: <V>(space: Space<V>, z: readonly V[]): V[] => z.map((v) => space.clone(v)),
  copy<V>(space: Space<V>, dst: readonly V[], src: readonly V[]): void {
    for (let i = 0; i < dst.length; i++) space.copy(dst[i], src[i]);
  },
  dispose<V>(space: Space<V>, z: readonly V[]): void {
    for (const v of z) space.dispose(v);
  },
  dot<V>(space: Space<V>, x: readonly V[], y: readonly V[]): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += space.dot(x[i], y[i]);
    return s;
  },
};
