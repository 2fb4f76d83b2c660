/**
 * What a `<saddle-norm-plot>` computes, without any DOM: the distance of every iterate to the equilibrium,
 * ‖z_t − z*‖, per optimizer, next to the rate the analysis predicts for it.
 *
 * Near z* an optimizer's state moves by its linearized update map M (src/analysis/update-map.ts), so a
 * perturbation shrinks or grows like ρ^t, ρ = max |λ(M)| the spectral radius (Mescheder, Nowozin & Geiger 2017,
 * Prop. 3). The plot draws the prediction ‖z₀ − z*‖·ρ^t as a dashed line from the start, beside the measured
 * ‖z_t − z*‖ on a log scale: on a linear game the two are parallel once the dominant eigenvalue has taken over (for
 * simultaneous GDA on x·y, M is normal and they coincide: ‖z_t‖ = (1 + η²a²)^{t/2}‖z₀‖). The legend also gives the
 * measured rate, exp of the least-squares slope of log ‖z_t − z*‖ over the second half of the run.
 * On a subspace of equilibria (a singular J), the distance is to the subspace: motion along it is not convergence.
 */
import type { Game } from '../src/game.ts';
import type { Status } from '../src/simulate.ts';
import type { PlotSpec, PlotTrajectory } from './phase-plot-model.ts';
import { equilibriaOf, pickSite, searchBox, spectrumAt, type Site } from './spectrum-plot-model.ts';

/** One optimizer's distances and the prediction. */
export interface NormSeries {
  readonly name: string;
  readonly label: string;
  /**
   * ‖z_t − z*‖ for t = 0 … the last iterate (a diverged run: the last one inside the bound); the distance to the
   * subspace on a subspace of equilibria.
   */
  readonly norms: readonly number[];
  readonly status: Status;
  /** The step at which the run converged or diverged, or the steps taken. */
  readonly step: number;
  /** The predicted rate ρ (spectral radius of the update map at z*); absent when `problem` is set. */
  readonly rho?: number;
  /** Why there is no prediction: no equilibrium in the domain, or no linear update map (Adam). */
  readonly problem?: string;
  /** The measured per-step factor over the second half of the run; absent for runs of fewer than 8 usable steps. */
  readonly measured?: number;
}

export interface NormPlotData {
  /** The equilibrium z* the distances are measured to (absent when none was found in the domain). */
  readonly equilibrium?: readonly number[];
  /** Dimension of the subspace of equilibria through z* (0 when z* is isolated). */
  readonly subspace: number;
  readonly series: readonly NormSeries[];
}

/** The distance from z to the site's equilibrium, or to its subspace of equilibria. */
export function distanceTo(site: Site | undefined, z: readonly number[]): number {
  if (!site) return Math.hypot(...z);
  const { point, subspace } = site.equilibrium;
  const d = z.map((v, k) => v - point[k]);
  for (const b of subspace?.basis ?? []) {
    const t = b.reduce((s, bk, k) => s + bk * d[k], 0);
    b.forEach((bk, k) => (d[k] -= t * bk));
  }
  return Math.hypot(...d);
}

/**
 * exp of the least-squares slope of log ‖z_t‖ against t over the second half of the positive, finite norms: the
 * per-step factor a long run shows. Undefined with fewer than 8 such points.
 */
export function measuredRate(norms: readonly number[]): number | undefined {
  const start = Math.floor(norms.length / 2);
  let [st, sl, stt, stl, n] = [0, 0, 0, 0, 0];
  for (let t = start; t < norms.length; t++) {
    const v = norms[t];
    if (!(v > 0 && Number.isFinite(v))) continue;
    const l = Math.log(v);
    [st, sl, stt, stl, n] = [st + t, sl + l, stt + t * t, stl + t * l, n + 1];
  }
  if (n < 8) return undefined;
  return Math.exp((n * stl - st * sl) / (n * stt - st * st));
}

/** The prediction at step t: ‖z₀ − z*‖·ρ^t. */
export const predicted = (series: NormSeries, t: number): number => (series.rho === undefined ? NaN : series.norms[0] * Math.pow(series.rho, t));

/**
 * The equilibrium to measure against: the one in the spec's domain nearest the start point. The search (a multi-start
 * Newton search on a nonlinear game, tens of ms) runs once per game object and domain ({@link equilibriaOf}).
 */
export function siteFor(game: Game, spec: PlotSpec): Site | undefined {
  return pickSite(game, equilibriaOf(game, searchBox(game, spec.domain)), spec.init);
}

/** Distances, predictions and measured rates for every trajectory a phase plot ran (in its order). */
export function normSeries(game: Game, spec: PlotSpec, trajectories: readonly PlotTrajectory[], site: Site | undefined = siteFor(game, spec)): NormPlotData {
  const series = trajectories.map((t, i): NormSeries => {
    // A diverged run's last recorded point repeats the last one inside the bound (src/simulate.ts): drop it.
    const points = t.status === 'diverged' && t.points.length > 1 ? t.points.slice(0, -1) : t.points;
    const norms = points.map((p) => distanceTo(site, p));
    const base = { name: t.name, label: t.label, norms, status: t.status, step: t.step, measured: measuredRate(norms) };
    if (!site) return { ...base, problem: 'no equilibrium in the domain to predict a rate for' };
    const choice = spec.optimizers[i] ?? spec.optimizers.find((o) => o.name === t.name);
    if (!choice) return { ...base, problem: 'not among the optimizers of the spec' };
    const s = spectrumAt(site, choice, game.players.length);
    return s.problem ? { ...base, problem: s.problem } : { ...base, rho: s.spectralRadius };
  });
  return { equilibrium: site?.equilibrium.point, subspace: site?.neutral ?? 0, series };
}

/** The data as rows for a CSV: one per optimizer and step, with the prediction beside the measurement. */
export function normRows(data: NormPlotData): { optimizer: string; label: string; step: number; norm: number; predicted: number | string }[] {
  return data.series.flatMap((s) =>
    s.norms.map((norm, t) => ({ optimizer: s.name, label: s.label, step: t, norm, predicted: s.rho === undefined ? '' : predicted(s, t) })),
  );
}
