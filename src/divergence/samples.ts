import { InputError, show } from '../errors.ts';

/**
 * Wasserstein distances between two samples on the line, exactly: the empirical distributions P̂ = (1/n)Σ δ_{xᵢ} and
 * Q̂ = (1/m)Σ δ_{yⱼ} have step quantile functions F̂⁻¹(u) = x_(⌈nu⌉) and Ĝ⁻¹(u) = y_(⌈mu⌉) (order statistics), so
 *
 *   W_p(P̂, Q̂)^p = ∫₀¹ |F̂⁻¹(u) − Ĝ⁻¹(u)|^p du = Σ_k ℓ_k·|x_(i_k) − y_(j_k)|^p
 *
 * over the pieces of the merged grid {i/n} ∪ {j/m} (ℓ_k their lengths). For n = m this is (1/n)Σ|x_(i) − y_(i)|^p,
 * the sorted matching. The grid is walked in integers (multiples of 1/(n·m)), so no length is rounded.
 * Cost O(n log n + m log m). Between samples of P and Q it converges to W_p(P, Q) as n, m → ∞ (at rate about
 * n^{−1/2} for W₁ when P, Q have finite variance; Bobkov & Ledoux, Mem. AMS 261 (2019)).
 */

/** Checks a sample: nonempty, finite numbers. */
export function checkSample(xs: ArrayLike<number>, where: string): void {
  if (!xs || typeof xs.length !== 'number' || xs.length === 0) throw new InputError(where, 'expected at least one number');
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(where, `value ${i + 1} is ${typeof v === 'number' ? String(v) : show(v)}, not a finite number`);
  }
}

/** W_p^p between the empirical distributions of two sorted samples (no checks). */
export function sortedWassersteinPower(x: Float64Array, y: Float64Array, p: number): number {
  const n = x.length;
  const m = y.length;
  const power = (d: number) => (p === 1 ? d : p === 2 ? d * d : Math.pow(d, p));
  let total = 0;
  if (n === m) {
    for (let i = 0; i < n; i++) total += power(Math.abs(x[i] - y[i]));
    return total / n;
  }
  // Walk u from 0 to 1 in units of 1/(n·m): x_(i) covers (i·m, (i+1)·m], y_(j) covers (j·n, (j+1)·n].
  let i = 0;
  let j = 0;
  let at = 0;
  while (i < n && j < m) {
    const nextX = (i + 1) * m;
    const nextY = (j + 1) * n;
    const next = Math.min(nextX, nextY);
    total += (next - at) * power(Math.abs(x[i] - y[j]));
    at = next;
    if (nextX === next) i++;
    if (nextY === next) j++;
  }
  return total / (n * m);
}

/** W_p between the empirical distributions of two 1-D samples (any sizes), p ≥ 1. */
export function sampleWasserstein1d(xs: ArrayLike<number>, ys: ArrayLike<number>, p = 1): number {
  checkSample(xs, 'sample x');
  checkSample(ys, 'sample y');
  if (!(p >= 1) || !Number.isFinite(p)) throw new InputError('p', `expected a number ≥ 1, got ${show(p)}`);
  return Math.pow(sortedWassersteinPower(Float64Array.from(xs).sort(), Float64Array.from(ys).sort(), p), 1 / p);
}
