import type { Dynamics } from '../dynamics.ts';
import { InputError } from '../errors.ts';
import type { StepSizeController } from './controller.ts';
import type { Solver } from './solver.ts';
import type { FlowTerm } from './term.ts';

/** What a flow has done since it was made: steps, and the work they cost. Counts are over the whole batch. */
export interface FlowStats {
  /** Calls of `step`: output intervals advanced. */
  calls: number;
  /** Solver steps kept. */
  accepted: number;
  /** Solver steps rejected by the controller (adaptive solvers only). */
  rejected: number;
  /** Steps kept although their error test failed, because the step size had fallen to 10⁻¹² of dt (a point blowing up). */
  forced: number;
  /** Calls of the game's field (ξ over the n points), including those of implicit solves and of the first step size. */
  fieldEvaluations: number;
  /** Calls of the game's Jacobian (implicit solves). */
  jacobianEvaluations: number;
  /** Implicit steps solved. */
  implicitSolves: number;
}

/** A gradient flow integrator as a {@link Dynamics}: one `step` advances every point by the output interval dt. */
export interface Flow extends Dynamics {
  readonly dt: number;
  /** A snapshot of the counts so far. */
  stats(): FlowStats;
}

/** Field evaluations per call of `step`, averaged over the calls so far (0 before the first). */
export const fieldEvaluationsPerCall = (s: FlowStats): number => (s.calls ? s.fieldEvaluations / s.calls : 0);

/** What {@link flowDynamics} assembles: the three pieces, the output interval and the budget of one interval. */
export interface FlowParts {
  /** The integrator's name, for the label and errors. */
  name: string;
  label: string;
  term: FlowTerm;
  solver: Solver;
  controller: StepSizeController;
  /** The output interval (may be negative: backwards in time). */
  dt: number;
  /** Attempted steps allowed in one output interval. */
  maxSubsteps: number;
}

/**
 * The integration loop. Fixed step (constant controller): exactly one solver step of size dt per call. Adaptive:
 * as many steps as the controller needs to land exactly on t + dt (the last one clipped), the proposed step size
 * carried over to the next call. A step that shrinks to 10⁻¹² of dt is kept even if its error test fails, so a point
 * that blows up in finite time turns non-finite (and then leaves the error norm) instead of stalling the batch.
 * Scratch (candidate, error, the solver's stages) is allocated here, once.
 */
export function flowDynamics({ name, label, term, solver, controller, dt, maxSubsteps }: FlowParts): Flow {
  const stepper = solver.create(term);
  const cand = term.alloc();
  const err = controller.adaptive ? term.alloc() : undefined;
  const hmin = 1e-12 * Math.abs(dt);
  const sizes = term.game.players.map((p) => p.coords.length * term.n);
  const counts = { calls: 0, accepted: 0, rejected: 0, forced: 0 };
  let proposal = NaN;

  const checkShape = (z: readonly Float64Array[]) => {
    if (z.length !== sizes.length || z.some((v, i) => v.length !== sizes[i])) {
      const got = z.map((v) => v.length).join(', ');
      throw new RangeError(`${label}: expected blocks of lengths ${sizes.join(', ')} (n = ${term.n}), got ${got}`);
    }
  };

  return {
    label,
    dt,
    step(z) {
      checkShape(z);
      counts.calls++;
      if (Number.isNaN(proposal)) proposal = controller.init(z, dt);
      let remaining = dt;
      for (let attempts = 1; ; attempts++) {
        if (attempts > maxSubsteps) {
          throw new InputError(
            `integrator ${name}, option maxSubsteps`,
            `more than ${maxSubsteps} steps in one interval dt = ${dt}: the game is too stiff for these tolerances, ` +
              'or a point is blowing up; loosen rtol/atol, raise maxSubsteps, or use implicit-euler / implicit-midpoint',
          );
        }
        // Land exactly on the end of the interval; a proposal within 10⁻¹⁰ of it is stretched rather than leaving a sliver.
        const last = Math.abs(proposal) >= Math.abs(remaining) * (1 - 1e-10);
        const h = last ? remaining : proposal;
        stepper.step(z, h, cand, err);
        let keep = controller.adapt(h, z, cand, err);
        let next = controller.next;
        if (!keep && Math.abs(h) <= hmin) {
          keep = true;
          counts.forced++;
          next = Math.sign(dt) * hmin;
        }
        if (!keep) {
          counts.rejected++;
          proposal = next;
          continue;
        }
        for (let i = 0; i < z.length; i++) z[i].set(cand[i]);
        stepper.accept?.();
        counts.accepted++;
        // A clipped last step whose error allowed the largest growth says nothing against the earlier proposal: keep it.
        proposal = last && controller.capped && Math.abs(proposal) > Math.abs(next) ? proposal : next;
        if (last) return;
        remaining -= h;
      }
    },
    stats: () => ({
      ...counts,
      fieldEvaluations: term.counts.field,
      jacobianEvaluations: term.counts.jacobian,
      implicitSolves: term.counts.implicitSolves,
    }),
  };
}
