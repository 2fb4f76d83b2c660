import type { Solver } from './solver.ts';

/**
 * Implicit (backward) Euler: z' = z + h·f(z') = z − h·ξ(z'), the proximal point step; solved by the term's Newton
 * solver (`solveImplicit` with θ = 1, exact after one iteration on linear games such as x·y, quadratic, matrix).
 * Stability function R(w) = 1/(1 − w): A- and L-stable; on x·y |R(iha)| = 1/√(1 + h²a²), it contracts to the
 * equilibrium for every h. Order 1. (Hairer & Wanner, "Solving ODEs II", IV.3; Rockafellar 1976 for the proximal
 * point method.)
 */
export const implicitEuler: Solver = {
  name: 'implicit-euler',
  order: 1,
  create: (term) => ({
    step: (z, h, out) => term.solveImplicit(z, h, 1, out),
  }),
};

/**
 * The implicit midpoint rule: z' = z + h·f((z + z')/2) = z − h·ξ((z + z')/2), i.e. `solveImplicit` with θ = ½ and
 * w = z'. Stability function R(w) = (1 + w/2)/(1 − w/2), |R(iy)| = 1: A-stable, symmetric and symplectic, it keeps
 * every quadratic invariant of the flow, so on x·y (and on each singular mode of a matrix game) ‖z‖ is conserved
 * exactly. Order 2. (Hairer, Lubich, Wanner, "Geometric Numerical Integration", 2nd ed., I.1.3, IV.2, VI.3.)
 */
export const implicitMidpoint: Solver = {
  name: 'implicit-midpoint',
  order: 2,
  create: (term) => ({
    step: (z, h, out) => term.solveImplicit(z, h, 0.5, out),
  }),
};
