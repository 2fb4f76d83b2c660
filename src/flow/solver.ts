import type { FlowTerm } from './term.ts';

/**
 * One solver bound to one term, with its scratch buffers allocated once (at `create`), never per step.
 * It knows how to make one step of a given size; the controller decides which size and whether to keep it.
 */
export interface Stepper {
  /**
   * out ← the solver's step of size h from z (h may be negative: integration backwards in time); when the solver
   * has an embedded error estimate and `err` is given, err ← the local error estimate. z is not modified.
   */
  step(z: readonly Float64Array[], h: number, out: Float64Array[], err?: Float64Array[]): void;
  /** Says that the last step was accepted and `out` became the state (FSAL solvers keep their last stage). */
  accept?(): void;
}

/** A numerical method for ż = f(z): its name, its orders and a factory that binds it to a term. */
export interface Solver {
  readonly name: string;
  /** Order p of the propagated solution: the global error is O(hᵖ). */
  readonly order: number;
  /**
   * For a solver with an embedded error estimate: q + 1 where q = min(p, p̂) is the order of the pair, so the local
   * error estimate is O(h^(q+1)) and the step-size controller uses the exponent 1/(q + 1) (Hairer, Nørsett, Wanner,
   * "Solving ODEs I", II.4). Absent for solvers without an error estimate.
   */
  readonly errorOrder?: number;
  create(term: FlowTerm): Stepper;
}
