/**
 * The equilibria a phase plot marks: the stationary points ξ(z) = 0 in the view, found and classified by
 * src/analysis (findEquilibria: exact for affine games, multi-start Newton otherwise; classify: the flow's
 * eigenvalues and Strogatz's names), turned into what the plot draws. The analysis loads ml-matrix, so
 * {@link findMarkers} imports it only when called: a page whose plots mark no equilibria never downloads it.
 */
import type { Game } from '../src/game.ts';
import type { Equilibrium, Kind } from '../src/analysis/index.ts';
import type { Domain } from './field-arrows.ts';

/** One equilibrium as drawn. */
export interface EquilibriumMarker {
  readonly x: number;
  readonly y: number;
  readonly kind: Kind;
  /** Strict local Nash equilibrium (each player's own Hessian positive definite). */
  readonly nash: boolean;
  /**
   * For a line of equilibria (an affine game whose J has rank 1): a unit direction along it, so the plot draws the
   * whole line through (x, y). Absent for an isolated point.
   */
  readonly line?: readonly [number, number];
  /** Every point is an equilibrium (ξ ≡ 0 on an affine game with J = 0). */
  readonly everywhere?: boolean;
}

/** The symbol for each kind: filled for attracting, open for repelling, a cross for a saddle, a diamond for a center. */
export type MarkerShape = 'filled' | 'open' | 'cross' | 'diamond' | 'square';
export const SHAPE: Readonly<Record<Kind, MarkerShape>> = {
  'stable node': 'filled',
  'stable focus': 'filled',
  center: 'diamond',
  saddle: 'cross',
  'unstable focus': 'open',
  'unstable node': 'open',
  degenerate: 'square',
  'non-hyperbolic': 'square',
};

/** The analysis' equilibria as markers (pure: the component and the tests share it). */
export function markersOf(equilibria: readonly Equilibrium[]): EquilibriumMarker[] {
  return equilibria.map((eq) => {
    const base = { x: eq.point[0], y: eq.point[1], kind: eq.kind, nash: eq.strictLocalNash };
    const dim = eq.subspace?.dimension ?? 0;
    if (dim >= 2) return { ...base, everywhere: true };
    if (dim === 1) {
      const [dx, dy] = eq.subspace!.basis[0];
      const n = Math.hypot(dx, dy);
      return { ...base, line: [dx / n, dy / n] as const };
    }
    return base;
  });
}

/** Finds and classifies the equilibria of `game` in `domain` (loads src/analysis on first use). */
export async function findMarkers(game: Game, domain: Domain): Promise<EquilibriumMarker[]> {
  const { findEquilibria } = await import('../src/analysis/equilibria.ts');
  return markersOf(findEquilibria(game, { box: [[domain.xmin, domain.xmax], [domain.ymin, domain.ymax]], starts: 64 }));
}

/** The two ends of a line of equilibria through (x, y) along `dir`, clipped to `domain` (undefined if it misses). */
export function clipLine(m: { x: number; y: number }, dir: readonly [number, number], d: Domain): [[number, number], [number, number]] | undefined {
  // Liang–Barsky: the parameter interval [t0, t1] of p + t·dir inside the rectangle.
  let t0 = -Infinity;
  let t1 = Infinity;
  const clip = (p: number, q: number, lo: number, hi: number): boolean => {
    if (q === 0) return p >= lo && p <= hi;
    const a = (lo - p) / q;
    const b = (hi - p) / q;
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
    return true;
  };
  if (!clip(m.x, dir[0], d.xmin, d.xmax) || !clip(m.y, dir[1], d.ymin, d.ymax) || !(t0 <= t1)) return undefined;
  return [
    [m.x + t0 * dir[0], m.y + t0 * dir[1]],
    [m.x + t1 * dir[0], m.y + t1 * dir[1]],
  ];
}
