/**
 * Continuous time: the gradient flow ż = −ξ(z) of a game, integrated over Float64 batches.
 *
 * Three pieces are kept apart, as in diffrax (Kidger 2021): the term (the vector field −ξ of a game, and its
 * implicit solver: {@link gradientFlowTerm}), the solver (how one step is made: {@link solvers}), and the step-size
 * controller (which steps to take: {@link constantStep}, {@link pidController}). {@link integrate} assembles them
 * from a name and options, validated against the {@link integrators} registry, into a {@link Dynamics} that the
 * simulation loop drives like any optimizer.
 */
import type { Dynamics } from '../dynamics.ts';
import { InputError } from '../errors.ts';
import type { Game } from '../game.ts';
import { constantStep, pidController } from './controller.ts';
import { dormandPrince, euler, rk4 } from './explicit.ts';
import { flowDynamics, type Flow, type FlowStats } from './flow.ts';
import { implicitEuler, implicitMidpoint } from './implicit.ts';
import { leapfrog } from './leapfrog.ts';
import { resolveIntegrator, type IntegratorName } from './registry.ts';
import type { Solver } from './solver.ts';
import { gradientFlowTerm } from './term.ts';

export { batchErrorNorm, constantStep, pidController, type PidOptions, type StepSizeController } from './controller.ts';
export { dormandPrince, euler, rk4 } from './explicit.ts';
export { fieldEvaluationsPerCall, flowDynamics, type Flow, type FlowParts, type FlowStats } from './flow.ts';
export { implicitEuler, implicitMidpoint } from './implicit.ts';
export { leapfrog } from './leapfrog.ts';
export { integrators, resolveIntegrator, type IntegratorEntry, type IntegratorName } from './registry.ts';
export type { Solver, Stepper } from './solver.ts';
export { dormandPrinceTableau, eulerTableau, rk4Tableau, type ButcherTableau } from './tableau.ts';
export { gradientFlowTerm, type EvaluationCounts, type FlowTerm } from './term.ts';

/** The solver behind each integrator name. */
export const solvers: Readonly<Record<IntegratorName, Solver>> = {
  euler,
  rk4,
  rk45: dormandPrince,
  'implicit-euler': implicitEuler,
  'implicit-midpoint': implicitMidpoint,
  leapfrog,
};

/** A number for a label: `0.1`, `1e-6`. */
const fmt = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v));

/**
 * The gradient flow ż = −ξ(z) of `game` over a batch of n points, integrated by the named integrator; one `step`
 * advances the batch (in place) by the output interval dt (negative dt integrates backwards). Fixed-step
 * integrators take one step of size h = dt; rk45 takes as many adaptive steps as its tolerances need and lands
 * exactly on t + dt. Options are numbers (or numeric strings from a command line); throws an {@link InputError}
 * for an unknown name, an unknown or bad option, a bad n or dt.
 * Label: `rk4 (h = 0.1)`, `rk45 (dt = 0.1, rtol = 1e-6, atol = 1e-9)`.
 */
export function integrate(
  name: string,
  options: Readonly<Record<string, unknown>>,
  game: Game,
  n: number,
  dt: number,
): Flow {
  const resolved = resolveIntegrator(name, options);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`integrator ${name}, n`, `expected a positive integer, got ${n}`);
  if (!Number.isFinite(dt) || dt === 0) {
    throw new InputError(`integrator ${name}, dt`, `expected a finite nonzero number, got ${dt}`);
  }
  const solver = solvers[resolved.name];
  const term = gradientFlowTerm(game, n);
  const o = resolved.options;
  if (resolved.name === 'rk45') {
    return flowDynamics({
      name,
      label: `rk45 (dt = ${fmt(dt)}, rtol = ${fmt(o.rtol)}, atol = ${fmt(o.atol)})`,
      term,
      solver,
      controller: pidController(term, { rtol: o.rtol, atol: o.atol, pcoeff: o.pcoeff, icoeff: o.icoeff }, solver.errorOrder!),
      dt,
      maxSubsteps: o.maxSubsteps,
    });
  }
  return flowDynamics({
    name,
    label: `${name} (h = ${fmt(dt)})`,
    term,
    solver,
    controller: constantStep(),
    dt,
    maxSubsteps: 1,
  });
}

/** The counts of a flow made by {@link integrate}: steps kept and rejected, field and Jacobian evaluations. */
export function flowStats(dynamics: Dynamics): FlowStats {
  const stats = (dynamics as Partial<Flow>).stats;
  if (typeof stats !== 'function') throw new TypeError(`${dynamics.label} is not a flow made by integrate()`);
  return stats.call(dynamics);
}
