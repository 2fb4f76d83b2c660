/**
 * The Butcher tableau of an explicit Runge–Kutta method with s stages:
 *   kᵢ = f(z + h·Σ_{j<i} a_ij·k_j),   z' = z + h·Σ bᵢ·kᵢ,   error estimate e = h·Σ (bᵢ − b̂ᵢ)·kᵢ.
 * The flow here is autonomous (ż = −ξ(z) does not depend on t), so the nodes cᵢ = Σⱼ a_ij are not needed.
 */
export interface ButcherTableau {
  /** Lower-triangular rows: a[i] has i entries (a[0] is empty). */
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  /** bᵢ − b̂ᵢ of an embedded pair, exact fractions (not computed in floating point). */
  readonly e?: readonly number[];
  /** First same as last: the last stage is evaluated at z' itself (a[s−1] = b, b_s = 0), so it is the next step's k₁. */
  readonly fsal?: boolean;
}

/** Explicit Euler: z' = z + h·f(z). */
export const eulerTableau: ButcherTableau = { a: [[]], b: [1] };

/** The classical fourth-order Runge–Kutta method (Kutta 1901; Hairer, Nørsett, Wanner, "Solving ODEs I", Table II.1.2). */
export const rk4Tableau: ButcherTableau = {
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
};

/**
 * Dormand & Prince (1980), "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math. 6(1), 19–26:
 * RK5(4)7M, the tableau of Hairer, Nørsett, Wanner, "Solving ODEs I", Table II.5.2. The solution is propagated with
 * the fifth-order weights b (local extrapolation), b̂ is of order 4, and the seventh stage is FSAL.
 */
export const dormandPrinceTableau: ButcherTableau = {
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  // b − b̂ with b̂ = (5179/57600, 0, 7571/16695, 393/640, −92097/339200, 187/2100, 1/40).
  e: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  fsal: true,
};
