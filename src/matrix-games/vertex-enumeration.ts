/**
 * All extreme Nash equilibria of any bimatrix game, degenerate or not, by vertex enumeration: every pair of
 * vertices (u, v) ≠ (0, 0) of the best-response polytopes P × Q that is completely labeled gives the extreme
 * equilibrium (u/Σu, v/Σv) (src/matrix-games/polytope.ts; Avis, Rosenberg, Savani & von Stengel 2010, §3; the
 * method of lrsnash and Gambit's enummixed).
 *
 * In a degenerate game the equilibria form *components*, possibly continua. Avis et al. 2010, §5: the extreme
 * equilibria are the edges of a bipartite graph (x-vertices on one side, y-vertices on the other); its maximal
 * complete bipartite subgraphs (cliques) X × Y are the maximal Nash subsets conv(X) × conv(Y), every point of which
 * is an equilibrium; and the connected components of the graph are the topological components of the set of
 * equilibria. A component with a single edge is an isolated equilibrium; any larger one is a continuum.
 */
import type { BimatrixGame } from './bimatrix.ts';
import { makeEquilibrium, verifiedEquilibria, type Equilibrium, type NashResult } from './equilibrium.ts';
import { polishEquilibrium } from './polish.ts';
import { bestResponsePolytopes, checkEnumerationSize, type BestResponsePolytopes, type LabeledVertex } from './polytope.ts';

/** A connected component of the equilibrium set, by the extreme equilibria it contains. */
export interface EquilibriumComponent {
  /** Indices into the result's `equilibria`. */
  readonly members: number[];
  /** True when the component is a single point. */
  readonly isolated: boolean;
}

export interface VertexEnumerationResult extends NashResult {
  degenerate: boolean;
  components: EquilibriumComponent[];
}

/** Every extreme equilibrium and the components they form (`polytopes`: the game's, when already enumerated). */
export function vertexEnumeration(game: BimatrixGame, polytopes?: BestResponsePolytopes): VertexEnumerationResult {
  if (!polytopes) checkEnumerationSize(game, 'vertex');
  const { P, Q, degenerate, degeneracyWitness } = polytopes ?? bestResponsePolytopes(game);
  const all = (1n << BigInt(game.m + game.k)) - 1n;
  const xs = P.filter((v) => v.point.some((c) => c > 0));
  const ys = Q.filter((v) => v.point.some((c) => c > 0));
  const edges: [LabeledVertex, LabeledVertex][] = [];
  for (const u of xs) for (const v of ys) if ((u.mask | v.mask) === all) edges.push([u, v]);
  const warnings: string[] = [];
  const equilibria = verifiedEquilibria(
    game,
    edges.map(([u, v]) => polishEquilibrium(game, makeEquilibrium(game, u.point, v.point))),
    warnings,
    'vertex enumeration',
  );
  const components = connectedComponents(equilibria);
  if (degenerate) warnings.push(degeneracyWarning(degeneracyWitness!, equilibria, components));
  return { method: 'vertex', equilibria, warnings, degenerate, components };
}

/**
 * Components of the bipartite graph whose edges are the equilibria (x, y), with x-nodes and y-nodes identified by
 * their strategies: union–find over the equilibria, joining two that share x or share y.
 */
export function connectedComponents(equilibria: readonly Equilibrium[]): EquilibriumComponent[] {
  const parent = equilibria.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const same = (p: number[], q: number[]) => p.every((v, i) => Math.abs(v - q[i]) <= 1e-9);
  for (let i = 0; i < equilibria.length; i++) {
    for (let j = 0; j < i; j++) {
      if (same(equilibria[i].row, equilibria[j].row) || same(equilibria[i].col, equilibria[j].col)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  equilibria.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.values()].map((members) => ({ members, isolated: members.length === 1 }));
}

/** The warning for a degenerate game: where it is degenerate, and which equilibria lie in continua. */
export function degeneracyWarning(witness: string, equilibria: readonly Equilibrium[], components: readonly EquilibriumComponent[]): string {
  const continua = components.filter((c) => !c.isolated);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const list = continua.map((c) => `{${c.members.map((i) => i + 1).join(', ')}}`).join(', ');
  const tail = continua.length
    ? `; equilibria ${list} lie in ${continua.length === 1 ? 'a component that is a continuum' : 'components that are continua'} ` +
      '(mixtures of extreme equilibria that share one player’s strategy are equilibria too)'
    : `; ${equilibria.length === 1 ? 'it is' : 'each is'} isolated`;
  return (
    `degenerate game (${witness}): listed are its extreme equilibria, from vertex enumeration of the best-response polytopes ` +
    `(${equilibria.length}, in ${plural(components.length, 'component', 'components')})${tail}`
  );
}
