import { randomLcg } from 'd3-random';
import { InputError, show } from '../errors.ts';
import { partsOf, type Component, type Distribution } from './distribution.ts';
import { normalQuantile } from './normal.ts';
import { quantileAt } from './quantile.ts';

/**
 * Samples of a distribution, for sample-based divergences and pictures.
 *
 * - `drawSamples(d, n, seed)`: n independent draws from d3-random's randomLcg(seed) (the same seed gives the same
 *   draws, and the first k draws of a larger sample are the k draws of a smaller one). Each draw takes two uniforms:
 *   one picks a mixture part by its weight, the other is mapped through that part's quantile function (inverse
 *   transform sampling: F⁻¹(U) ~ P for U ~ U(0, 1)); uniforms are taken at the centre of LCG cells, so never 0 or 1.
 * - `quantileSamples(d, n)`: the deterministic "sample" xᵢ = F⁻¹((i + ½)/n), i = 0..n−1, whose empirical
 *   distribution converges to P in W_p as n → ∞ (it is the best n-point approximation in W₁; the error is
 *   O(1/n) for a bounded density on a bounded support).
 */

/** Seeds are integers 0 … 2³¹ − 1, as for random starts (src/starts.ts). */
const MAX_SEED = 2 ** 31 - 1;
/** Most draws in one call. */
export const MAX_DRAWS = 1 << 24;

function checkCount(n: number) {
  if (!Number.isInteger(n) || n < 1 || n > MAX_DRAWS) throw new InputError('samples', `expected an integer in [1, ${MAX_DRAWS}], got ${show(n)}`);
}

function componentDraw(k: Component, u: number): number {
  if (k.kind === 'normal') return k.mean + k.std * normalQuantile(u);
  if (k.kind === 'uniform') return k.a + u * (k.b - k.a);
  return k.at;
}

/** n seeded draws from d. */
export function drawSamples(d: Distribution, n: number, seed: number): Float64Array {
  checkCount(n);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new InputError('seed', `expected an integer in [0, ${MAX_SEED}], got ${show(seed)}`);
  const random = randomLcg(seed);
  // randomLcg returns k/2³² for integers k; shifting by half a cell keeps u strictly inside (0, 1).
  const uniform = () => random() + 2 ** -33;
  const parts = partsOf(d);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let pick = random();
    let k = 0;
    while (k < parts.length - 1 && pick >= parts[k].weight) pick -= parts[k++].weight;
    out[i] = componentDraw(parts[k].component, uniform());
  }
  return out;
}

/** xᵢ = F⁻¹((i + ½)/n), i = 0..n−1: a deterministic sample, sorted. */
export function quantileSamples(d: Distribution, n: number): Float64Array {
  checkCount(n);
  return Float64Array.from({ length: n }, (_, i) => quantileAt(d, (i + 0.5) / n));
}
