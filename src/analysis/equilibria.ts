import { InputError } from '../errors.ts';
import { gameDim, type Game } from '../game.ts';
import { classify, type Classification } from './classify.ts';
import { halton } from './halton.ts';
import { findRoot } from './newton.ts';
import { fieldAt, jacobianAt, norm2 } from './point.ts';
import { multiply, nullSpace } from './spectrum.ts';

/**
 * The stationary points ξ(z) = 0 of a game in a box, each classified (see classify.ts).
 *
 * Affine games (ξ(z) = J·z + b with J constant: bilinear, matrix, quadratic, any expr f of degree ≤ 2) are solved
 * exactly: the equilibria are the affine subspace {z : Jz = −b} of dimension d − rank J (Golub & Van Loan §5.5:
 * minimum-norm solution −J⁺b plus the null space of J, from the SVD). A singular J (a non-square matrix game xᵀAy,
 * a rank-deficient A) is reported as one entry with `subspace`, not as infinitely many points.
 *
 * Every other game: multi-start Newton (newton.ts: Newton with backtracking on ‖ξ‖², Levenberg–Marquardt where J is
 * singular) from the box centre and a Halton cover of the box. A root is kept when it lands in the box with
 * - ‖ξ‖ ≤ 1e-8 × the median ‖ξ‖ over the starts, and Newton's estimate of the distance to the zero, ‖J⁺ξ‖, below
 *   1e-7 × the box diameter (a field that only decays, like the Dirac-GAN's ψ·σ(−θψ) as θψ → ∞, has a tiny ‖ξ‖ far
 *   from any zero);
 * - ξ continuous there: ‖ξ(z ± h·eₖ)‖ ≤ 2h·‖J‖_F + 1e-8 × that median for h = 1e-6·(1 + |zₖ|) (a zero where ξ
 *   jumps is no equilibrium: the Dirac WGAN-GP's penalty gradient γ(ψ − g₀·sign ψ) jumps by 2γg₀ across ψ = 0, and
 *   Newton would otherwise "converge" onto the jump);
 * and roots closer than 1e-6 × the box diameter are merged. The search is heuristic, as every multi-start search
 * is: an equilibrium whose basin misses every start is not found, and a curve of equilibria of a non-affine game
 * comes out as some of its points, not as a curve.
 */

/** One [lo, hi] per coordinate. */
export type Box = readonly (readonly [number, number])[];

export interface Equilibrium extends Classification {
  point: number[];
  /** ‖ξ(point)‖ */
  residual: number;
  /** J = ∂ξ/∂z at the point, as rows. */
  jacobian: number[][];
  /**
   * Present when the point lies on a subspace of equilibria (an affine game with singular J): its dimension and an
   * orthonormal basis. The point is the one nearest the box centre; the kind describes the motion across the
   * subspace (its `dimension` zero eigenvalues are set aside).
   */
  subspace?: { dimension: number; basis: number[][] };
}

export interface EquilibriumOptions {
  /** The box to search; default [−3, 3] for every coordinate. */
  box?: Box;
  /** Halton starts besides the box centre (default 128). */
  starts?: number;
}

/** [−3, 3] per coordinate. */
export const defaultBox = (game: Game): Box => Array.from({ length: gameDim(game) }, () => [-3, 3] as const);

const inBox = (z: readonly number[], box: Box) =>
  z.every((v, k) => {
    const [lo, hi] = box[k];
    const slack = 1e-9 * (hi - lo);
    return v >= lo - slack && v <= hi + slack;
  });

export function findEquilibria(game: Game, options: EquilibriumOptions = {}): Equilibrium[] {
  const d = gameDim(game);
  const box = options.box ?? defaultBox(game);
  if (box.length !== d) throw new InputError('box', `has ${box.length} coordinate ranges; the game ${game.name} has ${d} coordinates`);
  box.forEach(([lo, hi], k) => {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new InputError('box', `coordinate ${k + 1}: expected finite lo < hi, got [${lo}, ${hi}]`);
  });
  const center = box.map(([lo, hi]) => (lo + hi) / 2);
  const starts = (count: number) => [center, ...halton(count, d).map((u) => u.map((t, k) => box[k][0] + t * (box[k][1] - box[k][0])))];
  const affine = affineField(game, center, starts(3).slice(1));
  const found = affine ? affineEquilibria(game, affine, box, center, starts(16)) : newtonEquilibria(game, box, starts(options.starts ?? 128));
  return found.sort((a, b) => {
    for (let k = 0; k < d; k++) if (a.point[k] !== b.point[k]) return a.point[k] - b.point[k];
    return 0;
  });
}

/** J and b when ξ(z) = J·z + b on the sample points (J the same everywhere, ξ linear along the way), else undefined. */
function affineField(game: Game, center: number[], samples: number[][]): { J: number[][]; b: number[] } | undefined {
  const J = jacobianAt(game, center);
  const xi0 = fieldAt(game, center);
  if (![...J.flat(), ...xi0].every(Number.isFinite)) return undefined;
  const jmax = Math.max(0, ...J.flat().map(Math.abs));
  for (const p of samples) {
    const Jp = jacobianAt(game, p);
    if (Jp.some((row, r) => row.some((v, c) => !(Math.abs(v - J[r][c]) <= 1e-10 * (1 + jmax))))) return undefined;
    const step = p.map((v, k) => v - center[k]);
    const predicted = multiply(J, step).map((v, k) => v + xi0[k]);
    const actual = fieldAt(game, p);
    const scale = 1 + norm2(xi0) + jmax * norm2(step);
    if (actual.some((v, k) => !(Math.abs(v - predicted[k]) <= 1e-10 * scale))) return undefined;
  }
  const Jc = multiply(J, center);
  return { J, b: xi0.map((v, k) => v - Jc[k]) };
}

function affineEquilibria(game: Game, { J, b }: { J: number[][]; b: number[] }, box: Box, center: number[], starts: number[][]): Equilibrium[] {
  const { rank, basis, solution: z0 } = nullSpace(J, b.map((v) => -v));
  const scale = norm2(b) + Math.max(0, ...J.flat().map(Math.abs)) * (1 + norm2(z0));
  const residual = (z: readonly number[]) => norm2(multiply(J, z).map((v, k) => v + b[k]));
  if (!(residual(z0) <= 1e-9 * Math.max(scale, 1e-300))) return []; // Jz = −b has no solution: ξ never vanishes
  const onSubspace = (p: readonly number[]) => {
    // z0 + N·Nᵀ(p − z0): the point of the subspace nearest p.
    const out = [...z0];
    for (const v of basis) {
      const t = v.reduce((s, vk, k) => s + vk * (p[k] - z0[k]), 0);
      v.forEach((vk, k) => (out[k] += t * vk));
    }
    return out;
  };
  // The point nearest the centre; failing that, the first start's nearest point that lies in the box.
  const point = [center, ...starts].map(onSubspace).find((p) => inBox(p, box));
  if (!point) return [];
  const neutral = J.length - rank;
  const eq: Equilibrium = { point, residual: norm2(fieldAt(game, point)), jacobian: J, ...classify(game, J, neutral) };
  if (neutral > 0) eq.subspace = { dimension: neutral, basis };
  return [eq];
}

function newtonEquilibria(game: Game, box: Box, starts: number[][]): Equilibrium[] {
  const norms = starts.map((s) => norm2(fieldAt(game, s))).filter(Number.isFinite).sort((a, b) => a - b);
  const typical = norms.length ? norms[Math.floor(norms.length / 2)] || norms[norms.length - 1] || 1 : 1;
  const diameter = Math.hypot(...box.map(([lo, hi]) => hi - lo));
  // A search that wanders a box-width beyond the box is after a zero elsewhere (or at infinity).
  const within = (z: readonly number[]) => z.every((v, k) => v >= 2 * box[k][0] - box[k][1] && v <= 2 * box[k][1] - box[k][0]);
  const field = (z: readonly number[]) => fieldAt(game, z);
  const jacobian = (z: readonly number[]) => jacobianAt(game, z);
  const roots = starts
    .map((s) => findRoot(field, jacobian, s, { tol: 1e-15 * typical, within }))
    .filter((r) => r.residual <= 1e-8 * typical && inBox(r.point, box))
    .sort((a, b) => a.residual - b.residual);
  const kept: typeof roots = [];
  for (const r of roots) {
    if (!kept.some((k) => norm2(k.point.map((v, i) => v - r.point[i])) <= 1e-6 * diameter)) kept.push(r);
  }
  const out: Equilibrium[] = [];
  for (const r of kept) {
    const J = jacobianAt(game, r.point);
    if (!J.flat().every(Number.isFinite)) continue;
    if (!(norm2(nullSpace(J, field(r.point)).solution) <= 1e-7 * diameter)) continue;
    const lipschitz = 2 * Math.hypot(...J.flat());
    const continuous = r.point.every((v, k) => {
      const h = 1e-6 * (1 + Math.abs(v));
      return [h, -h].every((s) => {
        const p = [...r.point];
        p[k] += s;
        return norm2(field(p)) <= lipschitz * h + 1e-8 * typical;
      });
    });
    if (continuous) out.push({ point: r.point, residual: r.residual, jacobian: J, ...classify(game, J) });
  }
  return out;
}
