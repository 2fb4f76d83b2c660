/**
 * Nash equilibria of a bimatrix game by name: `support` (support enumeration: all equilibria of a nondegenerate
 * game; the extreme equilibria and their components, with a warning, of a degenerate one), `lemke-howson` (from
 * every starting label: a subset), `lp` (the value and one pair of optimal strategies of a zero-sum game), `vertex`
 * (vertex enumeration: the extreme equilibria of any game), and `all` (each that applies, their equilibria merged).
 * Every equilibrium reported has max regret ≤ 1e-9 × the payoff scale (src/matrix-games/equilibrium.ts).
 */
import { InputError, show } from '../errors.ts';
import { constantSum, type BimatrixGame } from './bimatrix.ts';
import { distinctEquilibria, sameEquilibrium, type NashResult } from './equilibrium.ts';
import { lemkeHowson } from './lemke-howson.ts';
import { supportEnumeration } from './support-enumeration.ts';
import { vertexEnumeration } from './vertex-enumeration.ts';
import { zeroSumLp } from './zero-sum-lp.ts';

/** The solvers, with what each promises. */
export const nashMethods = {
  support: {
    summary: 'support enumeration: every equilibrium of a nondegenerate game; for a degenerate one, its extreme equilibria and components, with a warning',
    reference: 'Dickhaut & Kaplan 1991; von Stengel 2007 (AGT ch. 3); Avis et al. 2010 for the degenerate case',
    solve: supportEnumeration,
  },
  'lemke-howson': {
    summary: 'Lemke–Howson from each of the m + k starting labels: the equilibria at the ends of those paths, a subset of all',
    reference: 'Lemke & Howson 1964; von Stengel 2007 (AGT ch. 3)',
    solve: lemkeHowson,
  },
  lp: {
    summary: 'linear programming: the value of a zero-sum (or constant-sum) game and one pair of optimal strategies',
    reference: 'von Neumann 1928; Dantzig 1951',
    solve: zeroSumLp,
  },
  vertex: {
    summary: 'vertex enumeration of the best-response polytopes: every extreme equilibrium of any game, with its components',
    reference: 'Avis, Rosenberg, Savani & von Stengel 2010',
    solve: (game: BimatrixGame) => vertexEnumeration(game),
  },
} as const satisfies Record<string, { summary: string; reference: string; solve: (g: BimatrixGame) => NashResult }>;

export type NashMethod = keyof typeof nashMethods | 'all';
export const NASH_METHODS: readonly NashMethod[] = [...(Object.keys(nashMethods) as (keyof typeof nashMethods)[]), 'all'];

/** The result of one method, or of `all`. */
export interface NashReport extends NashResult {
  /** For `all`: each method run, with its own result. */
  runs?: NashResult[];
}

/**
 * Runs the named method. `all` runs support enumeration, Lemke–Howson and, for a zero-sum or constant-sum game,
 * the LP; its equilibria are the union (support enumeration's, for a nondegenerate game, contain the others: any
 * other is reported as a warning, since it would mean a solver failed).
 */
export function solveNash(game: BimatrixGame, method: string = 'support'): NashReport {
  if (method === 'all') return solveAll(game);
  if (!Object.hasOwn(nashMethods, method)) {
    throw new InputError('method', `unknown method ${show(method)} (known: ${NASH_METHODS.join(', ')})`);
  }
  return nashMethods[method as keyof typeof nashMethods].solve(game);
}

function solveAll(game: BimatrixGame): NashReport {
  const runs: NashResult[] = [supportEnumeration(game), lemkeHowson(game)];
  const zeroSum = game.zeroSum || constantSum(game) !== undefined;
  if (zeroSum) runs.push(zeroSumLp(game));
  const [support] = runs;
  const warnings = [...new Set(runs.flatMap((r) => r.warnings))];
  if (!support.degenerate) {
    for (const r of runs.slice(1)) {
      const extra = r.equilibria.filter((e) => !support.equilibria.some((s) => sameEquilibrium(s, e)));
      if (extra.length) warnings.push(`${r.method} found ${extra.length} equilibri${extra.length === 1 ? 'um' : 'a'} that support enumeration did not (a solver failed)`);
    }
  }
  const lp = runs.find((r) => r.method === 'lp');
  return {
    method: 'all',
    equilibria: distinctEquilibria(runs.flatMap((r) => r.equilibria)),
    warnings,
    degenerate: support.degenerate,
    ...(lp ? { value: lp.value } : {}),
    runs,
  };
}
