/**
 * Bimatrix games as values: what a valid payoff matrix is (and the InputError for what is not), B = −A by default,
 * and the regret identities that every equilibrium test relies on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import {
  bimatrixGame,
  constantSum,
  dualityGap,
  expectedPayoffs,
  readMixedStrategy,
  regrets,
  transposeGame,
} from '../../../src/matrix-games/index.ts';
import { generalGame, mixed, zeroSumGame } from './arbitraries.ts';

describe('making a game', () => {
  it('without B the game is zero-sum: B = −A entry by entry (no −0), and the column player’s payoff is −xᵀAy', () => {
    fc.assert(
      fc.property(zeroSumGame().chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x, y]) => {
        expect(g.zeroSum).toBe(true);
        g.B.forEach((row, i) => row.forEach((b, j) => expect(Object.is(b, g.A[i][j] === 0 ? 0 : -g.A[i][j])).toBe(true)));
        const [u, w] = expectedPayoffs(g, x, y);
        expect(u + w).toBeCloseTo(0, 12);
      }),
      { numRuns: 100 },
    );
  });

  it('a constant-sum game is recognized with its constant, and is not called zero-sum', () => {
    const g = bimatrixGame(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
    );
    expect(g.zeroSum).toBe(false);
    expect(constantSum(g)).toBe(3);
    expect(constantSum(bimatrixGame([[1, 0]], [[0, 0]]))).toBeUndefined();
  });

  const bad: [string, unknown, unknown, RegExp][] = [
    ['not a matrix', 'abc', undefined, /^A: expected a matrix as JSON rows like \[\[1,-1\],\[-1,1\]\], got "abc"/],
    ['an empty matrix', [], undefined, /^A: expected a matrix/],
    ['an empty row', [[]], undefined, /^A: row 0 is empty/],
    ['ragged rows', [[1, 2], [3]], undefined, /^A: row 1 has 1 entries; row 0 has 2/],
    ['a non-number', [[1, 'x']], undefined, /^A: entry \[0\]\[1\] is "x", not a finite number/],
    ['a non-finite number', [[1, null]], undefined, /^A: entry \[0\]\[1\] is null, not a finite number/],
    ['B of another shape', [[1, 2]], [[1], [2]], /^B: is 2×1; A is 1×2: both players’ payoffs need the same shape/],
  ];
  for (const [what, A, B, want] of bad) {
    it(`${what} is an InputError: ${want.source.slice(1, 50)}…`, () => {
      expect(() => bimatrixGame(A, B)).toThrow(InputError);
      expect(() => bimatrixGame(A, B)).toThrow(want);
    });
  }

  it('a flat list of numbers is a one-row matrix', () => {
    expect(bimatrixGame([1, 2, 3]).A).toEqual([[1, 2, 3]]);
  });

  it('a mixed strategy must have one probability per strategy, each ≥ 0, summing to 1', () => {
    expect(readMixedStrategy('--x0', [0.25, 0.75], 2)).toEqual([0.25, 0.75]);
    expect(() => readMixedStrategy('--x0', [0.5, 0.5], 3)).toThrow(/^--x0: expected 3 probabilities \(one per strategy\), got 2/);
    expect(() => readMixedStrategy('--x0', [1.5, -0.5], 2)).toThrow(/^--x0: entry 2 is -0\.5: probabilities are numbers ≥ 0/);
    expect(() => readMixedStrategy('--x0', [0.5, 0.6], 2)).toThrow(/^--x0: entries sum to 1\.1, not 1/);
  });
});

describe('regrets', () => {
  it('each player’s regret is ≥ 0 for every pair of mixed strategies in every game', () => {
    fc.assert(
      fc.property(generalGame().chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x, y]) => {
        for (const r of regrets(g, x, y)) expect(r).toBeGreaterThanOrEqual(-1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('in a zero-sum game the duality gap is the sum of both regrets', () => {
    fc.assert(
      fc.property(zeroSumGame().chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x, y]) => {
        const [r, c] = regrets(g, x, y);
        expect(Math.abs(dualityGap(g, x, y) - (r + c))).toBeLessThanOrEqual(1e-12 * 10);
      }),
      { numRuns: 200 },
    );
  });

  it('transposing the game swaps the players’ regrets', () => {
    fc.assert(
      fc.property(generalGame().chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x, y]) => {
        const [r, c] = regrets(g, x, y);
        const [rt, ct] = regrets(transposeGame(g), y, x);
        expect(rt).toBeCloseTo(c, 12);
        expect(ct).toBeCloseTo(r, 12);
      }),
      { numRuns: 100 },
    );
  });
});
