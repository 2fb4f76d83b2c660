/** fast-check generators of matrix games and strategies, shared by the matrix-game tests. */
import fc from 'fast-check';
import { bimatrixGame, type BimatrixGame } from '../../../src/matrix-games/index.ts';

/**
 * A payoff in [−10, 10] on a grid of 1e-5: random games are then nondegenerate with probability close to 1, and
 * when they are degenerate it is by exact ties, never by differences of 1e-300 that no tolerance can judge.
 */
const payoff = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => v / 1e5);
/** Any double in [−10, 10], with fast-check's bias to 0, ±5e-324 and other extremes: near-degenerate games. */
const wildPayoff = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });

/** An m×k matrix of `entry`. */
export const matrixOf = (m: number, k: number, entry: fc.Arbitrary<number> = payoff) =>
  fc.array(fc.array(entry, { minLength: k, maxLength: k }), { minLength: m, maxLength: m });

/** A size pair (m, k), each 1…max. */
export const shape = (max = 4, min = 1) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

/** A random general-sum game with continuous payoffs, m, k ≤ max. */
export const generalGame = (max = 4, min = 1): fc.Arbitrary<BimatrixGame> =>
  shape(max, min).chain(([m, k]) => fc.tuple(matrixOf(m, k), matrixOf(m, k)).map(([A, B]) => bimatrixGame(A, B)));

/** A random general-sum game with any doubles as payoffs, tiny differences included (numerically near-degenerate). */
export const wildGame = (max = 4): fc.Arbitrary<BimatrixGame> =>
  shape(max).chain(([m, k]) => fc.tuple(matrixOf(m, k, wildPayoff), matrixOf(m, k, wildPayoff)).map(([A, B]) => bimatrixGame(A, B)));

/** A random zero-sum game (B = −A) with continuous payoffs. */
export const zeroSumGame = (max = 4, min = 1): fc.Arbitrary<BimatrixGame> =>
  shape(max, min).chain(([m, k]) => matrixOf(m, k).map((A) => bimatrixGame(A)));

/** A random game with small integer payoffs: often degenerate (ties everywhere). */
export const integerGame = (max = 3): fc.Arbitrary<BimatrixGame> =>
  shape(max).chain(([m, k]) => {
    const entry = fc.integer({ min: -2, max: 2 });
    return fc.tuple(matrixOf(m, k, entry), matrixOf(m, k, entry)).map(([A, B]) => bimatrixGame(A, B));
  });

/**
 * A 2×2 zero-sum game with a unique, fully mixed equilibrium: A = [[a, b], [c, d]] with the diagonal beating the
 * off-diagonal for the row player (a, d > b, c), so no pure strategy pair is a saddle point. Returned with its
 * equilibrium x* = (d − c, a − b)/s, y* = (d − b, a − c)/s, s = a − b − c + d.
 */
export const interior2x2 = fc
  .tuple(
    fc.double({ min: 0.5, max: 3, noNaN: true }),
    fc.double({ min: -3, max: -0.5, noNaN: true }),
    fc.double({ min: -3, max: -0.5, noNaN: true }),
    fc.double({ min: 0.5, max: 3, noNaN: true }),
  )
  .map(([a, b, c, d]) => {
    const s = a - b - c + d;
    return { game: bimatrixGame([[a, b], [c, d]]), x: [(d - c) / s, (a - b) / s], y: [(d - b) / s, (a - c) / s] };
  });

/** A probability vector of length n with every entry ≥ `floor` (interior starts). */
export const mixed = (n: number, floor = 0) =>
  fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    const p = w.map((v) => v / s);
    return p.map((v) => floor + (1 - n * floor) * v);
  });
