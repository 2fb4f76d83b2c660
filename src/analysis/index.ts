import type { Game } from '../game.ts';
import { createOptimizer } from '../optim/index.ts';
import { findEquilibria, type Equilibrium, type EquilibriumOptions } from './equilibria.ts';
import { linearModel } from './linear-model.ts';
import { eigenvalues, maxModulus } from './spectrum.ts';
import { stableLearningRates } from './stability.ts';
import { updateMap, type UpdateMap } from './update-map.ts';

/**
 * The analysis of a game near its equilibria: where they are and what kind (equilibria.ts, classify.ts), and what an
 * optimizer does near each one (linear-model.ts, update-map.ts, stability.ts). The API of `saddle analyze`.
 * This folder may load ml-matrix (eigenvalues, SVD); built-in games and optimizers never import it.
 */
export { classify, flowKind, type Classification, type Kind } from './classify.ts';
export { defaultBox, findEquilibria, type Box, type Equilibrium, type EquilibriumOptions } from './equilibria.ts';
export { linearModel } from './linear-model.ts';
export { fieldAt, jacobianAt } from './point.ts';
export { eigenvalues, maxModulus, nullSpace, type Complex } from './spectrum.ts';
export { linspace, STABLE_BELOW, stabilityMap, stableIntervals, stableLearningRates, type StabilityMap } from './stability.ts';
export { NotLinearizableError, updateMap, type UpdateMap } from './update-map.ts';

/** An optimizer by registry name with its options (`lr` a number or one per player), as the CLI reads it. */
export interface OptimizerSpec {
  name: string;
  options?: Readonly<Record<string, unknown>>;
}

export interface AnalyzedEquilibrium extends Equilibrium {
  /** With an optimizer: its update map at this point. */
  update?: UpdateMap;
  /**
   * With an optimizer: every interval of η where it converges here (ρ < 1), in increasing order. η scales every
   * player's learning rate together, keeping their ratios; it is player 1's rate.
   */
  stableLr?: [number, number][];
}

/** Finds the equilibria of `game` in the box and, with an optimizer, its update map and stable rates at each. */
export function analyze(game: Game, options: EquilibriumOptions & { optimizer?: OptimizerSpec } = {}): AnalyzedEquilibrium[] {
  const players = game.players.length;
  const spec = options.optimizer;
  // Made once first, so that a bad name or option is reported even when there is no equilibrium.
  const optimizer = spec && createOptimizer(spec.name, spec.options ?? {}, players);
  const equilibria: AnalyzedEquilibrium[] = findEquilibria(game, options);
  if (!spec || !optimizer) return equilibria;
  const rates = perPlayerRates(spec.options?.lr, players);
  const make = (eta: number) => createOptimizer(spec.name, { ...spec.options, lr: rates.map((r) => r * eta) }, players);
  for (const eq of equilibria) {
    const model = linearModel(game, eq.point, eq.jacobian);
    const neutral = eq.subspace?.dimension ?? 0;
    eq.update = updateMap(model, optimizer, { neutral });
    eq.stableLr = stableLearningRates(model, make, { neutral, scale: maxModulus(eigenvalues(eq.jacobian)) });
  }
  return equilibria;
}

/** Each player's rate relative to player 1's (lr given as a number, a list or a comma string; default equal). */
function perPlayerRates(lr: unknown, players: number): number[] {
  const list = typeof lr === 'string' ? lr.split(',').map(Number) : Array.isArray(lr) ? (lr as number[]) : [];
  if (list.length !== players || !(list[0] > 0)) return new Array<number>(players).fill(1);
  return list.map((v) => v / list[0]);
}
