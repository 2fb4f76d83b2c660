/**
 * What a `<saddle-spectrum-plot>` computes, without any DOM, and the local analysis that the norm plot shares: the
 * equilibrium z* a plot looks at, and each optimizer's linearized update map there (src/analysis/update-map.ts).
 *
 * Near z*, one step of an optimizer acts on its state s (the displacement z − z* and any slot it keeps, such as
 * momentum's velocity or optimistic GDA's previous gradient) as s′ = M·s. The eigenvalues λ of M decide what
 * happens: a perturbation along an eigenvector is multiplied by λ at every step, so the iteration converges locally
 * iff every |λ| < 1, at the rate ρ = max |λ| (Mescheder, Nowozin & Geiger 2017, Prop. 3; the pictures of their
 * Fig. 2 and of Gidel et al. 2019, Fig. 2, are exactly this plot). The spectrum plot draws the λ of each optimizer in
 * the complex plane with the unit circle, at the current η, and the path they trace as η sweeps a range.
 * None of the maths is here: it is src/analysis (findEquilibria, linearModel, updateMap).
 */
import { findEquilibria, linearModel, NotLinearizableError, updateMap, type Box, type Complex, type Equilibrium } from '../src/analysis/index.ts';
import { InputError, show } from '../src/errors.ts';
import { gameDim, type Game } from '../src/game.ts';
import { createOptimizer } from '../src/optim/index.ts';
import type { Domain } from './field-arrows.ts';

/** An optimizer by registry name with its options (lr included), as a phase plot's spec lists them. */
export interface OptimizerChoice {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The equilibrium a plot analyses, and the game linearized there. */
export interface Site {
  readonly equilibrium: Equilibrium;
  /** The linear model of the game at the equilibrium (src/analysis/linear-model.ts). */
  readonly model: Game;
  /** Eigenvalues at 1 set aside: the dimension of a subspace of equilibria through the point (0 if isolated). */
  readonly neutral: number;
}

/** The search box of a plot with a domain (its 2 coordinates), else src/analysis's default [−3, 3] per coordinate. */
export function searchBox(game: Game, domain?: Domain): Box | undefined {
  if (!domain || gameDim(game) !== 2) return undefined;
  return [
    [domain.xmin, domain.xmax],
    [domain.ymin, domain.ymax],
  ];
}

/**
 * The equilibrium of `game` (found by src/analysis's findEquilibria in `box`) nearest `near`, linearized; undefined
 * when the box holds none. `starts`: Newton starts on a nonlinear game (default 128). On a subspace of equilibria the
 * point is the one nearest the box centre.
 */
export function nearestSite(game: Game, near: readonly number[], box?: Box, starts?: number): Site | undefined {
  return pickSite(game, findEquilibria(game, { ...(box ? { box } : {}), ...(starts ? { starts } : {}) }), near);
}

/**
 * The equilibrium of `found` nearest `near`, linearized. The search is the slow part (a multi-start Newton search on a
 * nonlinear game takes tens of ms): an element searches once per game and box and picks here as the start point moves.
 */
export function pickSite(game: Game, found: readonly Equilibrium[], near: readonly number[]): Site | undefined {
  if (found.length === 0) return undefined;
  const dist = (e: Equilibrium) => Math.hypot(...e.point.map((v, k) => v - (near[k] ?? 0)));
  const equilibrium = found.reduce((best, e) => (dist(e) < dist(best) ? e : best));
  return { equilibrium, model: linearModel(game, equilibrium.point, equilibrium.jacobian), neutral: equilibrium.subspace?.dimension ?? 0 };
}

/** The equilibria of a game in a box, found once per game object and box (a cache for elements). */
const searched = new WeakMap<Game, Map<string, Equilibrium[]>>();
export function equilibriaOf(game: Game, box?: Box): Equilibrium[] {
  let byBox = searched.get(game);
  if (!byBox) searched.set(game, (byBox = new Map()));
  const key = JSON.stringify(box ?? null);
  let found = byBox.get(key);
  if (!found) byBox.set(key, (found = findEquilibria(game, box ? { box } : {})));
  return found;
}

/** Player 1's learning rate in `options` (a number, a per-player list or a comma string); createOptimizer's default 0.1. */
export function rateOf(options: Readonly<Record<string, unknown>>): number {
  const lr = options.lr;
  const first = typeof lr === 'string' ? Number(lr.split(',')[0]) : Array.isArray(lr) ? Number(lr[0]) : typeof lr === 'number' ? lr : 0.1;
  return Number.isFinite(first) && first > 0 ? first : 0.1;
}

/**
 * The options with player 1's learning rate set to η and every other player's scaled with it (their ratios to
 * player 1's kept), as src/analysis scans η.
 */
export function withRate(options: Readonly<Record<string, unknown>>, eta: number): Record<string, unknown> {
  const lr = options.lr;
  const list = typeof lr === 'string' ? lr.split(',').map(Number) : Array.isArray(lr) ? lr.map(Number) : undefined;
  if (!list || list.length < 2 || !(list[0] > 0)) return { ...options, lr: eta };
  return { ...options, lr: list.map((v) => (v / list[0]) * eta) };
}

/** One optimizer's update map at the site, as the plots show it. */
export interface OptimizerSpectrum {
  /** Registry name: `eg`. */
  readonly name: string;
  /** The name with its hyperparameters: `eg (η = 0.2)`. */
  readonly label: string;
  /** Player 1's learning rate η. */
  readonly lr: number;
  /** Eigenvalues of the update map M, by real part then imaginary part, descending; empty when `problem` is set. */
  readonly eigenvalues: readonly Complex[];
  /** ρ = max |λ| over the eigenvalues not set aside for a subspace of equilibria; NaN when `problem` is set. */
  readonly spectralRadius: number;
  /** ρ < 1: the optimizer converges locally (src/analysis's STABLE_BELOW, 1 − 1e-9). */
  readonly stable: boolean;
  /** Why there is no update map (Adam, uniform averaging: not linear or not time-invariant). */
  readonly problem?: string;
}

/**
 * The update map of `choice` at the site. An optimizer with no linear update map gets `problem` (a sentence for the
 * legend), not an exception: the other optimizers are still drawn. Bad options are {@link InputError}s.
 */
export function spectrumAt(site: Site, choice: OptimizerChoice, players: number, check = true): OptimizerSpectrum {
  const optimizer = createOptimizer(choice.name, choice.options, players);
  const base = { name: choice.name, label: optimizer.label, lr: rateOf(choice.options) };
  try {
    const map = updateMap(site.model, optimizer, { neutral: site.neutral, check });
    return { ...base, eigenvalues: map.eigenvalues, spectralRadius: map.spectralRadius, stable: map.spectralRadius < 1 - 1e-9 };
  } catch (e) {
    if (!(e instanceof NotLinearizableError)) throw e;
    return { ...base, eigenvalues: [], spectralRadius: NaN, stable: false, problem: e.what };
  }
}

/** The eigenvalues of one optimizer at each η of a sweep: the path they trace as the slider moves. */
export interface Locus {
  readonly name: string;
  /** The η of the sweep, increasing. */
  readonly etas: readonly number[];
  /** eigenvalues[k]: every eigenvalue at etas[k] (empty for an optimizer with no linear update map). */
  readonly eigenvalues: readonly (readonly Complex[])[];
}

/** n values from a to b (0 < a < b), evenly spaced in log η (endpoints included). */
export function logGrid(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => (n === 1 ? a : a * Math.pow(b / a, k / (n - 1))));
}

/** The eigenvalues of `choice`'s update map at the site for every η of `etas` (ratios between players kept). */
export function locus(site: Site, choice: OptimizerChoice, players: number, etas: readonly number[]): Locus {
  const first = spectrumAt(site, { name: choice.name, options: withRate(choice.options, etas[0]) }, players);
  if (first.problem) return { name: choice.name, etas: [...etas], eigenvalues: etas.map(() => []) };
  // The first map was checked for linearity and time-invariance; the rest of the same family need not be.
  const eigenvalues = etas.map((eta, k) => (k === 0 ? first.eigenvalues : spectrumAt(site, { name: choice.name, options: withRate(choice.options, eta) }, players, false).eigenvalues));
  return { name: choice.name, etas: [...etas], eigenvalues };
}

/** The η slider's range, from the `range` attribute "min:max" (0 < min < max). */
export interface RateRange {
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_RANGE: RateRange = { min: 0.01, max: 2 };

/** Reads `range` ("0.01:2"); blank gives {@link DEFAULT_RANGE}. */
export function readRange(raw: string | null | undefined): RateRange {
  if (raw == null || raw.trim() === '') return DEFAULT_RANGE;
  const parts = raw.split(':').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0] > 0 && parts[0] < parts[1])) {
    throw new InputError('range', `expected the slider's smallest and largest η as "min:max" with 0 < min < max, got ${show(raw)}`);
  }
  return { min: parts[0], max: parts[1] };
}

/**
 * The half-width of the square view of the complex plane: at least 1.25 (the unit circle with a margin), else the
 * next of 1.5, 2, 3, 5, 10, 20, … above 1.1·max|λ|, so that the view does not rescale at every small step of η.
 */
export function viewRadius(spectra: readonly OptimizerSpectrum[]): number {
  const top = Math.max(0, ...spectra.flatMap((s) => s.eigenvalues.map((l) => Math.hypot(l.re, l.im))).filter(Number.isFinite));
  const need = 1.1 * top;
  if (need <= 1.25) return 1.25;
  for (const v of [1.5, 2, 3, 5]) if (need <= v) return v;
  const decade = Math.pow(10, Math.floor(Math.log10(need)));
  return [1, 2, 5, 10].map((m) => m * decade).find((v) => v >= need)!;
}
