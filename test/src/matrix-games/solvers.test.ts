/**
 * The Nash solvers on random games, stated as theorems: each output is an equilibrium (max regret ≤ 1e-9);
 * support enumeration finds them all in nondegenerate games, so Lemke–Howson's are among them and their number is
 * odd (Shapley 1974); the LP value is the payoff of every equilibrium of a zero-sum game (von Neumann's minimax
 * theorem); degenerate games are detected and still give verified equilibria.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestResponsePolytopes,
  bimatrixGame,
  lemkeHowson,
  maxRegret,
  sameEquilibrium,
  supportEnumeration,
  transposeGame,
  vertexEnumeration,
  zeroSumLp,
  type BimatrixGame,
  type Equilibrium,
} from '../../../src/matrix-games/index.ts';
import { generalGame, integerGame, wildGame, zeroSumGame } from './arbitraries.ts';

const runs = { numRuns: 100 };
const isEquilibrium = (game: BimatrixGame, e: Equilibrium) => {
  expect(maxRegret(game, e.row, e.col)).toBeLessThanOrEqual(1e-9);
  for (const p of [e.row, e.col]) {
    expect(p.every((v) => v >= 0)).toBe(true);
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
  }
};
const contains = (list: readonly Equilibrium[], e: Equilibrium) => list.some((s) => sameEquilibrium(s, e, 1e-7));
const nondegenerate = (g: BimatrixGame) => !bestResponsePolytopes(g).degenerate;

describe('every solver returns equilibria', () => {
  it('support enumeration: every equilibrium it reports has max regret ≤ 1e-9, on random general-sum games', () => {
    fc.assert(
      fc.property(generalGame(), (g) => {
        const r = supportEnumeration(g);
        expect(r.equilibria.length).toBeGreaterThan(0);
        r.equilibria.forEach((e) => isEquilibrium(g, e));
      }),
      runs,
    );
  });

  it('Lemke–Howson from every starting label: every endpoint has max regret ≤ 1e-9, on random general-sum games', () => {
    fc.assert(
      fc.property(generalGame(5), (g) => {
        const r = lemkeHowson(g);
        expect(r.warnings).toEqual([]);
        expect(r.equilibria.length).toBeGreaterThan(0);
        r.equilibria.forEach((e) => isEquilibrium(g, e));
      }),
      runs,
    );
  });

  it('the LP of a zero-sum game: its optimal strategies form an equilibrium with max regret ≤ 1e-9', () => {
    fc.assert(
      fc.property(zeroSumGame(6), (g) => {
        const r = zeroSumLp(g);
        expect(r.equilibria).toHaveLength(1);
        isEquilibrium(g, r.equilibria[0]);
      }),
      runs,
    );
  });

  it('on near-degenerate games (payoffs differing by 1e-300 or 1e-9), every solver reports only equilibria, max regret ≤ 1e-9', () => {
    fc.assert(
      fc.property(wildGame(), (g) => {
        for (const r of [supportEnumeration(g), lemkeHowson(g), vertexEnumeration(g)]) r.equilibria.forEach((e) => isEquilibrium(g, e));
        expect(supportEnumeration(g).equilibria.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('vertex enumeration: every extreme equilibrium has max regret ≤ 1e-9, degenerate integer games included', () => {
    fc.assert(
      fc.property(fc.oneof(generalGame(), integerGame()), (g) => {
        const r = vertexEnumeration(g);
        expect(r.equilibria.length).toBeGreaterThan(0);
        r.equilibria.forEach((e) => isEquilibrium(g, e));
      }),
      runs,
    );
  });
});

describe('the solvers agree', () => {
  it('on random nondegenerate games, Lemke–Howson’s equilibria are among support enumeration’s', () => {
    fc.assert(
      fc.property(generalGame(), (g) => {
        fc.pre(nondegenerate(g));
        const all = supportEnumeration(g).equilibria;
        for (const e of lemkeHowson(g).equilibria) expect(contains(all, e)).toBe(true);
      }),
      runs,
    );
  });

  it('on random nondegenerate games, support enumeration and vertex enumeration find the same equilibria', () => {
    fc.assert(
      fc.property(generalGame(), (g) => {
        fc.pre(nondegenerate(g));
        const s = supportEnumeration(g).equilibria;
        const v = vertexEnumeration(g).equilibria;
        expect(s.length).toBe(v.length);
        for (const e of v) expect(contains(s, e)).toBe(true);
      }),
      runs,
    );
  });

  it('a nondegenerate game has an odd number of equilibria (Shapley 1974), as support enumeration counts them', () => {
    fc.assert(
      fc.property(generalGame(), (g) => {
        fc.pre(nondegenerate(g));
        expect(supportEnumeration(g).equilibria.length % 2).toBe(1);
      }),
      runs,
    );
  });

  it('on any game, degenerate ones included, Lemke–Howson ends at extreme equilibria: among vertex enumeration’s', () => {
    fc.assert(
      fc.property(integerGame(), (g) => {
        const all = vertexEnumeration(g).equilibria;
        for (const e of lemkeHowson(g).equilibria) expect(contains(all, e)).toBe(true);
      }),
      runs,
    );
  });

  it('swapping the players transposes every equilibrium (support enumeration is symmetric in the players)', () => {
    fc.assert(
      fc.property(generalGame(), (g) => {
        fc.pre(nondegenerate(g));
        const direct = supportEnumeration(g).equilibria;
        const swapped = supportEnumeration(transposeGame(g)).equilibria;
        expect(swapped.length).toBe(direct.length);
        for (const e of swapped) expect(contains(direct, { row: e.col, col: e.row, payoffs: [e.payoffs[1], e.payoffs[0]] })).toBe(true);
      }),
      runs,
    );
  });
});

describe('zero-sum games: the minimax theorem', () => {
  it('the LP value equals the row payoff of every equilibrium that support enumeration finds', () => {
    fc.assert(
      fc.property(zeroSumGame(), (g) => {
        const { value } = zeroSumLp(g);
        const all = supportEnumeration(g).equilibria;
        expect(all.length).toBeGreaterThan(0);
        for (const e of all) expect(Math.abs(e.payoffs[0] - value)).toBeLessThanOrEqual(1e-9 * 10);
      }),
      runs,
    );
  });

  it('the LP strategies guarantee the value: minⱼ (xᵀA)ⱼ ≥ v ≥ maxᵢ (Ay)ᵢ up to 1e-9', () => {
    fc.assert(
      fc.property(zeroSumGame(6), (g) => {
        const r = zeroSumLp(g);
        const { row: x, col: y } = r.equilibria[0];
        const xa = Array.from({ length: g.k }, (_, j) => x.reduce((s, xi, i) => s + xi * g.A[i][j], 0));
        const ay = g.A.map((row) => row.reduce((s, a, j) => s + a * y[j], 0));
        expect(Math.min(...xa)).toBeGreaterThanOrEqual(r.value - 1e-9);
        expect(Math.max(...ay)).toBeLessThanOrEqual(r.value + 1e-9);
      }),
      runs,
    );
  });

  it('a constant-sum game (A + B = c) has the LP value of (A, −A) and payoffs (v, c − v)', () => {
    fc.assert(
      fc.property(zeroSumGame(), fc.double({ min: -5, max: 5, noNaN: true }), (g, c) => {
        const shifted = bimatrixGame(g.A, g.A.map((row) => row.map((a) => c - a)));
        const r = zeroSumLp(shifted);
        expect(Math.abs(r.value - zeroSumLp(g).value)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(r.equilibria[0].payoffs[1] - (c - r.value))).toBeLessThanOrEqual(1e-9);
      }),
      runs,
    );
  });
});

describe('degenerate games', () => {
  it('are detected when a pure strategy has two pure best responses (a best column duplicated), and still solved', () => {
    fc.assert(
      fc.property(generalGame(3, 2), (g) => {
        // Duplicate the column player's best response to row 1: the pure strategy row 1 then has 2 best responses.
        const best = g.B[0].indexOf(Math.max(...g.B[0]));
        const A = g.A.map((row) => [...row, row[best]]);
        const B = g.B.map((row) => [...row, row[best]]);
        const d = bimatrixGame(A, B);
        const r = supportEnumeration(d);
        expect(r.degenerate).toBe(true);
        expect(r.warnings.join(' ')).toMatch(/^degenerate game \(the (row|column) strategy .* has support \d+ but \d+ pure best responses\)/);
        r.equilibria.forEach((e) => isEquilibrium(d, e));
      }),
      { numRuns: 60 },
    );
  });

  it('a game whose row player is indifferent everywhere has a continuum of equilibria, reported as one component', () => {
    // Row player's payoffs constant: every x is a best response; the column player picks column 1 against any x.
    const g = bimatrixGame(
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 0],
        [2, 0],
      ],
    );
    const r = vertexEnumeration(g);
    expect(r.degenerate).toBe(true);
    expect(r.equilibria.map((e) => [e.row, e.col])).toEqual([
      [
        [1, 0],
        [1, 0],
      ],
      [
        [0, 1],
        [1, 0],
      ],
    ]);
    expect(r.components).toEqual([{ members: [0, 1], isolated: false }]);
    expect(r.warnings[0]).toMatch(/equilibria \{1, 2\} lie in a component that is a continuum/);
  });
});
