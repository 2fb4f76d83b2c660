import type { Game } from '../game.ts';
import type { Optimizer } from '../optim/types.ts';
import { updateMap } from './update-map.ts';

/**
 * Which learning rates make an optimizer converge to a stationary point, and maps of its spectral radius over two
 * parameters: the pictures of Mescheder et al. 2017 (Fig. 2: the eigenvalues of simultaneous gradient steps leave the
 * unit circle for every η on a purely imaginary J; consensus pulls them in), and of Gidel et al. 2019 (the (η, β)
 * plane of negative momentum).
 *
 * Stable means ρ(η) < 1 − 1e-9, with ρ the spectral radius of the update map (update-map.ts): a map with ρ = 1, like
 * alternating GDA's on x·y (|λ| = 1 for every η < 2), keeps a perturbation's size and never converges, and must not
 * flicker in and out of "stable" with rounding. The scan evaluates ρ on a log grid of η (default 20 points a decade
 * over [10⁻³, 10³]/ρ(J)), and each change between stable and unstable is then bisected on ρ < 1 down to
 * neighbouring doubles; the end reported is the stable one.
 * An interval that is stable at the smallest η of the grid is reported from 0, and one still stable at the largest
 * η is reported to Infinity (the proximal point method's, for instance). Islands narrower than the grid's spacing
 * (a factor 10^(1/20) ≈ 1.12) can be missed.
 */
export const STABLE_BELOW = 1 - 1e-9;

export interface ScanOptions {
  /** The smallest and largest η scanned. */
  from: number;
  to: number;
  /** Grid points per decade (default 20). */
  perDecade?: number;
}

/** The maximal intervals (lo, hi) of η ∈ (0, ∞) where rho(η) < {@link STABLE_BELOW}, in increasing order. */
export function stableIntervals(rho: (eta: number) => number, { from, to, perDecade = 20 }: ScanOptions): [number, number][] {
  const stable = (eta: number) => rho(eta) < STABLE_BELOW; // NaN: not stable
  const count = Math.max(2, Math.ceil(Math.log10(to / from) * perDecade) + 1);
  const grid = Array.from({ length: count }, (_, k) => from * Math.pow(to / from, k / (count - 1)));
  const flags = grid.map(stable);
  /**
   * The η in (a, b) where ρ crosses 1, a having `flags` value sa. The bisection tests ρ < 1 itself, so that a
   * transversal crossing is located exactly, not 1e-9 early.
   */
  const edge = (a: number, b: number, sa: boolean) => {
    for (let k = 0; k < 100; k++) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break; // a and b are neighbouring doubles
      if (rho(m) < 1 === sa) a = m;
      else b = m;
    }
    return sa ? a : b;
  };
  const out: [number, number][] = [];
  let lo: number | undefined = flags[0] ? 0 : undefined;
  for (let k = 1; k < count; k++) {
    if (flags[k] === flags[k - 1]) continue;
    const e = edge(grid[k - 1], grid[k], flags[k - 1]);
    if (flags[k]) lo = e;
    else {
      out.push([lo!, e]);
      lo = undefined;
    }
  }
  if (lo !== undefined) out.push([lo, Infinity]);
  return out;
}

export interface StableRatesOptions extends Partial<ScanOptions> {
  /** Eigenvalues at 1 to set aside (a subspace of equilibria), as in {@link updateMap}. */
  neutral?: number;
  /** The scale of J (its spectral radius) that sets the default range; default 1. */
  scale?: number;
}

/**
 * The stable learning rates of the optimizer family `make(η)` at the stationary point whose linear model is `model`.
 * `make` builds the optimizer for one η (per-player rates scaled together, other options fixed).
 */
export function stableLearningRates(model: Game, make: (eta: number) => Optimizer, options: StableRatesOptions = {}): [number, number][] {
  const { neutral = 0, scale = 1, perDecade } = options;
  const s = scale > 0 && Number.isFinite(scale) ? scale : 1;
  const from = options.from ?? 1e-3 / s;
  const to = options.to ?? 1e3 / s;
  updateMap(model, make(from), { neutral }); // checks that the map is linear and time-invariant, once
  return stableIntervals((eta) => updateMap(model, make(eta), { neutral, check: false }).spectralRadius, { from, to, perDecade });
}

/** ρ over a grid of two parameters, as a heatmap draws it: rho[j][i] at (x[i], y[j]). */
export interface StabilityMap {
  x: number[];
  y: number[];
  rho: number[][];
}

/** Evaluates `rho` on the grid x × y (rows follow y). */
export function stabilityMap(x: readonly number[], y: readonly number[], rho: (x: number, y: number) => number): StabilityMap {
  return { x: [...x], y: [...y], rho: y.map((yv) => x.map((xv) => rho(xv, yv))) };
}

/** n numbers from a to b, evenly spaced, endpoints included. */
export const linspace = (a: number, b: number, n: number): number[] =>
  Array.from({ length: n }, (_, k) => (n === 1 ? a : a + ((b - a) * k) / (n - 1)));
