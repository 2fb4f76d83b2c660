/**
 * Games whose equilibria are known by hand, and the Gambit files of test/fixtures/nfg (copied from the Gambit
 * project's repository, whose README states the facts checked here): every method finds what the textbook says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bimatrixGame,
  lemkeHowson,
  readNfg,
  solveNash,
  supportEnumeration,
  zeroSumLp,
  type BimatrixGame,
  type Equilibrium,
} from '../../../src/matrix-games/index.ts';

const fixture = (name: string): BimatrixGame => readNfg(readFileSync(new URL(`../../fixtures/nfg/${name}`, import.meta.url), 'utf8'), name);
const close = (p: readonly number[], q: readonly number[], tol = 1e-12) => p.length === q.length && p.every((v, i) => Math.abs(v - q[i]) <= tol);
const strategies = (list: readonly Equilibrium[]) => list.map((e) => [e.row, e.col]);
const expectEquilibria = (list: readonly Equilibrium[], want: number[][][]) => {
  expect(list).toHaveLength(want.length);
  want.forEach(([x, y], i) => {
    expect(close(list[i].row, x), `row of equilibrium ${i + 1}: ${list[i].row}`).toBe(true);
    expect(close(list[i].col, y), `col of equilibrium ${i + 1}: ${list[i].col}`).toBe(true);
  });
};

const matchingPennies = bimatrixGame([
  [1, -1],
  [-1, 1],
]);
const rockPaperScissors = bimatrixGame([
  [0, -1, 1],
  [1, 0, -1],
  [-1, 1, 0],
]);
// Row: cooperate, defect. Payoffs as in the textbook: (C, C) = 3 each, temptation 5, sucker 0, (D, D) = 1.
const prisonersDilemma = bimatrixGame(
  [
    [3, 0],
    [5, 1],
  ],
  [
    [3, 5],
    [0, 1],
  ],
);
// Row prefers the first event (2 vs 1), column the second; both prefer going together.
const battleOfTheSexes = bimatrixGame(
  [
    [2, 0],
    [0, 1],
  ],
  [
    [1, 0],
    [0, 2],
  ],
);

describe('textbook games', () => {
  it('matching pennies: the only equilibrium is (½, ½) for both, value 0, by every method', () => {
    for (const method of ['support', 'lemke-howson', 'lp', 'vertex', 'all']) {
      const r = solveNash(matchingPennies, method);
      expectEquilibria(r.equilibria, [[[0.5, 0.5], [0.5, 0.5]]]);
    }
    expect(zeroSumLp(matchingPennies).value).toBe(0);
  });

  it('rock–paper–scissors: the only equilibrium is uniform play, value 0', () => {
    const third = [1 / 3, 1 / 3, 1 / 3];
    expectEquilibria(supportEnumeration(rockPaperScissors).equilibria, [[third, third]]);
    expectEquilibria(lemkeHowson(rockPaperScissors).equilibria, [[third, third]]);
    const lp = zeroSumLp(rockPaperScissors);
    expectEquilibria(lp.equilibria, [[third, third]]);
    expect(Math.abs(lp.value)).toBeLessThanOrEqual(1e-15);
  });

  it('prisoner’s dilemma: the only equilibrium is (defect, defect), worse for both than (cooperate, cooperate)', () => {
    const r = supportEnumeration(prisonersDilemma);
    expectEquilibria(r.equilibria, [[[0, 1], [0, 1]]]);
    expect(r.equilibria[0].payoffs).toEqual([1, 1]);
    expect(r.degenerate).toBe(false);
  });

  it('battle of the sexes: three equilibria, two pure and one mixed ((⅔, ⅓), (⅓, ⅔)) with payoffs ⅔ each', () => {
    const r = supportEnumeration(battleOfTheSexes);
    expectEquilibria(r.equilibria, [
      [
        [1, 0],
        [1, 0],
      ],
      [
        [2 / 3, 1 / 3],
        [1 / 3, 2 / 3],
      ],
      [
        [0, 1],
        [0, 1],
      ],
    ]);
    expect(r.equilibria[1].payoffs.map((v) => Number(v.toFixed(12)))).toEqual([0.666666666667, 0.666666666667]);
  });

  it('battle of the sexes: Lemke–Howson from all four labels finds only the two pure equilibria (a strict subset)', () => {
    expectEquilibria(lemkeHowson(battleOfTheSexes).equilibria, [
      [
        [1, 0],
        [1, 0],
      ],
      [
        [0, 1],
        [0, 1],
      ],
    ]);
  });

  it('the LP refuses a general-sum game, naming the method', () => {
    expect(() => zeroSumLp(battleOfTheSexes)).toThrow(/^method lp: needs a zero-sum game/);
  });
});

describe('the Gambit files in test/fixtures/nfg', () => {
  it('2x2.nfg (outcome version) has a unique equilibrium, and it is mixed: x = (½, ½), y = (⅓, ⅔)', () => {
    const g = fixture('2x2.nfg');
    expect(g.title).toBe('Two person 2 x 2 game with unique mixed equilibrium');
    for (const method of ['support', 'vertex', 'lemke-howson']) {
      expectEquilibria(solveNash(g, method).equilibria, [[[0.5, 0.5], [1 / 3, 2 / 3]]]);
    }
  });

  it('oneill.nfg is O’Neill’s 4×4 zero-sum game: value −1/5, unique equilibrium (⅖, ⅕, ⅕, ⅕) for both', () => {
    const g = fixture('oneill.nfg');
    expect(g.zeroSum).toBe(true);
    const want = [0.4, 0.2, 0.2, 0.2];
    const lp = zeroSumLp(g);
    expect(Math.abs(lp.value + 0.2)).toBeLessThanOrEqual(1e-12);
    expectEquilibria(lp.equilibria, [[want, want]]);
    const all = supportEnumeration(g);
    // Pure strategies there have tied best responses (the game is degenerate), yet the equilibrium is isolated.
    expect(all.degenerate).toBe(true);
    expect(all.warnings[0]).toMatch(/degenerate game .*\(1, in 1 component\); it is isolated/);
    expect(all.equilibria).toHaveLength(1);
    expect(close(all.equilibria[0].row, want, 1e-12) && close(all.equilibria[0].col, want, 1e-12)).toBe(true);
  });

  it('coordination_4x4_outcome.nfg has 15 equilibria, one per non-empty support: uniform play on each', () => {
    const g = fixture('coordination_4x4_outcome.nfg');
    const r = supportEnumeration(g);
    expect(r.degenerate).toBe(false);
    expect(r.equilibria).toHaveLength(15);
    const supports = new Set<string>();
    for (const e of r.equilibria) {
      const support = e.row.flatMap((p, i) => (p > 0 ? [i] : []));
      expect(e.col.flatMap((p, i) => (p > 0 ? [i] : []))).toEqual(support);
      for (const i of support) expect(Math.abs(e.row[i] - 1 / support.length)).toBeLessThanOrEqual(1e-12);
      supports.add(support.join(','));
    }
    expect(supports.size).toBe(15);
    // Lemke–Howson finds only the 4 pure ones: each path ends at a coordinated pure profile.
    expect(strategies(lemkeHowson(g).equilibria).every(([x]) => x.filter((p) => p > 0).length === 1)).toBe(true);
  });

  it('pd.nfg is a prisoner’s dilemma: one equilibrium, both play their second strategy, payoffs (1, 1)', () => {
    const r = supportEnumeration(fixture('pd.nfg'));
    expectEquilibria(r.equilibria, [[[0, 1], [0, 1]]]);
    expect(r.equilibria[0].payoffs).toEqual([1, 1]);
  });

  it('e04.nfg (payoff version, Kreps–Wilson) is degenerate: 3 extreme equilibria in 2 components, one a segment', () => {
    const g = fixture('e04.nfg');
    const r = supportEnumeration(g);
    expect(r.degenerate).toBe(true);
    expectEquilibria(r.equilibria, [
      [
        [1, 0, 0],
        [1, 0],
      ],
      [
        [1, 0, 0],
        [0.6, 0.4],
      ],
      [
        [0, 0, 1],
        [0, 1],
      ],
    ]);
    expect(r.warnings[0]).toMatch(/\(3, in 2 components\); equilibria \{1, 2\} lie in a component that is a continuum/);
  });
});
