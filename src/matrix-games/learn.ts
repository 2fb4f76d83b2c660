/**
 * One run of a learning dynamics from one start (x₀, y₀): the reported strategies after each step (the current
 * play, or the averages for regret matching), recorded every `every` steps, and how close the end is to an
 * equilibrium — each player's regret (src/matrix-games/regret.ts) and, for a zero-sum game, the duality gap.
 *
 * The simplex is checked as the run goes: the discrete rules stay on it by construction, the replicator flow up to
 * the integrator's error (an explicit integrator with a large dt can step off it); a run whose strategies leave
 * the simplex by more than 1e-6, or turn non-finite, says so in `warnings` (non-finite ends the run).
 */
import type { Dynamics } from '../dynamics.ts';
import type { BimatrixGame } from './bimatrix.ts';
import { dualityGap, regrets } from './regret.ts';
import { simplexViolation } from './simplex.ts';

export interface LearnOptions {
  steps: number;
  /** Record every k-th step (and the start and the end); no trajectory when 0 or omitted. */
  every?: number;
}

export interface LearnFrame {
  step: number;
  x: number[];
  y: number[];
}

export interface LearnResult {
  label: string;
  /** The reported strategies at the end. */
  x: number[];
  y: number[];
  /** Steps taken (fewer than asked only when the numbers broke down). */
  steps: number;
  /** For a flow (the replicator dynamics): the time reached, steps × dt. */
  time?: number;
  trajectory?: LearnFrame[];
  /** [row regret, column regret] at the end. */
  regrets: [number, number];
  /** The duality gap at the end, for a zero-sum game. */
  gap?: number;
  /** The most the reported strategies were ever off the simplex. */
  simplexViolation: number;
  warnings: string[];
}

/** Tolerated distance from the simplex before a warning. */
export const SIMPLEX_DRIFT = 1e-6;

/**
 * A plain copy and a finiteness check of a strategy vector. Plain loops: `Array.from` and `every` on a Float64Array
 * go through the iterator protocol and cost more than the step itself when every step is recorded (a dragged widget).
 */
function toArray(v: ArrayLike<number>): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i];
  return out;
}
function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Runs `dynamics` (made for n = 1 point) from (x0, y0), which are copied. */
export function learn(game: BimatrixGame, dynamics: Dynamics, x0: readonly number[], y0: readonly number[], options: LearnOptions): LearnResult {
  const { steps, every = 0 } = options;
  const z = [Float64Array.from(x0), Float64Array.from(y0)];
  const reported = () => (dynamics.readout ? dynamics.readout(z) : z);
  const frame = (step: number): LearnFrame => {
    const [x, y] = reported();
    return { step, x: toArray(x), y: toArray(y) };
  };
  const trajectory: LearnFrame[] = [];
  const warnings: string[] = [];
  let worst = 0;
  let worstStep = 0;
  let s = 0;
  /** The reported strategies before the current step, kept in case it turns them non-finite. */
  const before = [new Float64Array(game.m), new Float64Array(game.k)];
  let last: LearnFrame | undefined;
  if (every > 0) trajectory.push(frame(0));
  while (s < steps) {
    const [bx, by] = reported();
    before[0].set(bx);
    before[1].set(by);
    dynamics.step(z);
    const [x, y] = reported();
    if (!allFinite(x) || !allFinite(y)) {
      warnings.push(`the strategies turned non-finite at step ${s + 1}; the run stopped at step ${s} (take a smaller step)`);
      last = { step: s, x: toArray(before[0]), y: toArray(before[1]) };
      break;
    }
    s++;
    const v = Math.max(simplexViolation(x), simplexViolation(y));
    if (v > worst) [worst, worstStep] = [v, s];
    if (every > 0 && s % every === 0) trajectory.push(frame(s));
  }
  last ??= frame(s);
  if (every > 0 && trajectory[trajectory.length - 1].step !== s) trajectory.push(last);
  if (worst > SIMPLEX_DRIFT) {
    warnings.push(`the strategies left the simplex by ${worst.toExponential(2)} (worst at step ${worstStep}): take a smaller --dt or an implicit integrator`);
  }
  const result: LearnResult = {
    label: dynamics.label,
    x: last.x,
    y: last.y,
    steps: s,
    regrets: regrets(game, last.x, last.y),
    simplexViolation: worst,
    warnings,
  };
  if (dynamics.dt !== undefined) result.time = s * dynamics.dt;
  if (game.zeroSum) result.gap = dualityGap(game, last.x, last.y);
  if (every > 0) result.trajectory = trajectory;
  return result;
}
