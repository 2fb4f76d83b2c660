import type { Dynamics } from './dynamics.ts';
import { allocBatch, gameDim, gameField, pointAt, type Game } from './game.ts';
import type { Optimizer } from './optim/types.ts';
import { float64Space } from './space.ts';

/** How a trajectory ended: ‖ξ‖ fell below the tolerance, ‖z‖ left the bound or turned non-finite, or neither. */
export type Status = 'converged' | 'diverged' | 'running';
const CODE: Record<Status, number> = { running: 0, converged: 1, diverged: 2 };
export const STATUS: readonly Status[] = ['running', 'converged', 'diverged'];

export interface SimulationOptions {
  /** Steps to take. */
  steps: number;
  /** Record every k-th step (and the start); no trajectory when omitted or 0. */
  every?: number;
  /** Converged when ‖ξ(z)‖ < tol (default 1e-8). */
  tol?: number;
  /** Diverged when ‖z‖ > bound or z is not finite (default 1e6). */
  bound?: number;
  /** Called now and then with the steps done, for a progress bar or counter. */
  onProgress?(done: number, total: number): void;
}

/** A batch of n trajectories after a run. Each point stops at its own end: its final state and step are frozen. */
export interface BatchResult {
  readonly n: number;
  /** The reported iterate of each point (for a diverged point: the last state within the bound), as a batch. */
  readonly final: Float64Array[];
  /** Status code per point: index into {@link STATUS}. */
  readonly status: Uint8Array;
  /** The step at which each point converged or diverged; `steps` for points still running. */
  readonly step: Int32Array;
  /** Recorded frames (batches), every `every` steps from the start; a point's frames stop changing at its end. */
  readonly frames: Float64Array[][];
  /** The step number of each frame. */
  readonly frameSteps: number[];
  /** Steps actually taken (fewer than asked when every point ended early). */
  readonly stepsTaken: number;
}

/** One trajectory, in the form the CLI prints and components draw. */
export interface Trajectory {
  final: number[];
  norm: number;
  status: Status;
  step: number;
  trajectory?: number[][];
}

/** Wraps an optimizer as the discrete dynamics of a Float64 game over n points. */
export function optimizerDynamics(game: Game, optimizer: Optimizer, z0: readonly Float64Array[], n: number): Dynamics {
  const field = gameField(game, n);
  const state = optimizer.init(float64Space, z0);
  return {
    label: optimizer.label,
    step: (z) => optimizer.step(float64Space, field, z, state),
    readout: optimizer.readout ? (z) => optimizer.readout!(z, state) as Float64Array[] : undefined,
  };
}

/**
 * What the loop hands a recorder at step s: the reported iterates of the batch, with every point that has already
 * ended (status ≠ 0) to be read from `final` instead (its frozen final state).
 */
type Recorder = (s: number, reported: readonly Float64Array[], status: Uint8Array, final: readonly Float64Array[]) => void;

/** The outcome of {@link advance}: everything of a {@link BatchResult} but the frames, which its recorder kept. */
type Outcome = Omit<BatchResult, 'frames' | 'frameSteps'>;

/**
 * The one simulation loop behind {@link simulate} and {@link simulatePath}: steps `dynamics` from the batch `start`,
 * checks every open point after each step, and calls `record` at step 0, every `every` steps and at the last step
 * taken (when `every` > 0). Never throws on numbers: a point whose norm passes the bound or turns non-finite is
 * `diverged` at that step, with the last state inside the bound kept as its final state. It stops early once every
 * point has ended. Nothing is allocated per step: the recorder decides what to keep.
 */
function advance(game: Game, dynamics: Dynamics, start: readonly Float64Array[], n: number, options: SimulationOptions, record: Recorder): Outcome {
  const { steps, every = 0, tol = 1e-8, bound = 1e6, onProgress } = options;
  const z = start.map((v) => v.slice());
  const previous = start.map((v) => v.slice());
  const final = allocBatch(game, n);
  const xi = allocBatch(game, n);
  const status = new Uint8Array(n);
  const step = new Int32Array(n).fill(steps);
  let open = n;
  let recorded = -1;
  const view = () => (dynamics.readout ? dynamics.readout(z) : z);

  const settle = (b: number, s: number, code: number, from: readonly Float64Array[]) => {
    status[b] = code;
    step[b] = s;
    for (let i = 0; i < z.length; i++) {
      const dim = z[i].length / n;
      for (let c = 0; c < dim; c++) final[i][c * n + b] = from[i][c * n + b];
    }
    open--;
  };
  /** Checks every open point after step s: divergence of z itself, convergence of the reported iterate. */
  const check = (s: number) => {
    const r = view();
    game.field(r, xi, n);
    for (let b = 0; b < n; b++) {
      if (status[b] !== 0) continue;
      let zz = 0;
      let rr = 0;
      let gg = 0;
      for (let i = 0; i < z.length; i++) {
        const dim = z[i].length / n;
        for (let c = 0; c < dim; c++) {
          const v = z[i][c * n + b];
          const rv = r[i][c * n + b];
          const g = xi[i][c * n + b];
          zz += v * v;
          rr += rv * rv;
          gg += g * g;
        }
      }
      if (!(Number.isFinite(zz + rr) && zz <= bound * bound && rr <= bound * bound)) settle(b, s, CODE.diverged, s === 0 ? r : previous);
      else if (Math.sqrt(gg) < tol) settle(b, s, CODE.converged, r);
    }
  };
  const keep = (s: number) => {
    record(s, view(), status, final);
    recorded = s;
  };

  check(0);
  if (every > 0) keep(0);
  const progressEvery = Math.max(1, Math.floor(steps / 100));
  let s = 0;
  while (s < steps && open > 0) {
    const r = view();
    for (let i = 0; i < z.length; i++) previous[i].set(r[i]);
    dynamics.step(z);
    s++;
    check(s);
    if (every > 0 && s % every === 0) keep(s);
    if (onProgress && (s % progressEvery === 0 || s === steps)) onProgress(s, steps);
  }
  if (every > 0 && recorded !== s) keep(s);
  const r = view();
  for (let b = 0; b < n; b++) {
    if (status[b] !== 0) continue;
    for (let i = 0; i < z.length; i++) {
      const dim = z[i].length / n;
      for (let c = 0; c < dim; c++) final[i][c * n + b] = r[i][c * n + b];
    }
    step[b] = s;
  }
  return { n, final, status, step, stepsTaken: s };
}

/**
 * Runs `dynamics` from the batch `start` (copied, not changed) for up to `options.steps` steps.
 * Never throws on numbers: a point whose norm passes the bound or turns non-finite is `diverged` at that step,
 * with the last state inside the bound kept as its final state. The run stops early once every point has ended.
 */
export function simulate(game: Game, dynamics: Dynamics, start: readonly Float64Array[], n: number, options: SimulationOptions): BatchResult {
  const frames: Float64Array[][] = [];
  const frameSteps: number[] = [];
  const outcome = advance(game, dynamics, start, n, options, (s, reported, status, final) => {
    const frame = reported.map((v) => v.slice());
    for (let b = 0; b < n; b++) {
      if (status[b] === 0) continue;
      for (let i = 0; i < frame.length; i++) {
        const dim = frame[i].length / n;
        for (let c = 0; c < dim; c++) frame[i][c * n + b] = final[i][c * n + b];
      }
    }
    frames.push(frame);
    frameSteps.push(s);
  });
  return { ...outcome, frames, frameSteps };
}

/** One point's run with its iterates in one flat array: what {@link simulatePath} returns. */
export interface PathResult {
  readonly status: Status;
  /** The step at which it converged or diverged; the steps taken while still running. */
  readonly step: number;
  /** The reported final iterate (for a diverged run: the last state within the bound), all coordinates. */
  readonly final: number[];
  /** ‖final‖. */
  readonly norm: number;
  /** Coordinates per iterate (the game's dimension). */
  readonly dim: number;
  /** Iterates recorded. */
  readonly count: number;
  /** The recorded iterates, `dim` numbers each (x then y, as {@link pointAt} orders them): iterate k at [k·dim, (k + 1)·dim). */
  readonly points: Float64Array;
  /** The step number of each recorded iterate. */
  readonly steps: Int32Array;
}

/**
 * {@link simulate} for one start point, with every `options.every`-th iterate (default every one) written into one
 * preallocated Float64Array instead of a batch per frame: the same loop, so the same numbers as
 * `trajectoryOf(game, simulate(…))`, without the per-step allocations that dominate a drag of the phase plot.
 */
export function simulatePath(game: Game, dynamics: Dynamics, start: readonly Float64Array[], options: SimulationOptions): PathResult {
  const every = options.every || 1;
  const dim = gameDim(game);
  // The start, every `every`-th step and the last one.
  const capacity = Math.floor(options.steps / every) + 2;
  const points = new Float64Array(capacity * dim);
  const steps = new Int32Array(capacity);
  let count = 0;
  const outcome = advance(game, dynamics, start, 1, { ...options, every }, (s, reported, status, final) => {
    const from = status[0] === 0 ? reported : final;
    let k = count * dim;
    for (let i = 0; i < from.length; i++) for (let c = 0; c < from[i].length; c++) points[k++] = from[i][c];
    steps[count++] = s;
  });
  const final = pointAt(game, outcome.final, 1, 0);
  return {
    status: STATUS[outcome.status[0]],
    step: outcome.step[0],
    final,
    norm: Math.hypot(...final),
    dim,
    count,
    points: points.subarray(0, count * dim),
    steps: steps.subarray(0, count),
  };
}

/** Reads point b of a batch result as one trajectory. */
export function trajectoryOf(game: Game, result: BatchResult, b = 0): Trajectory {
  const final = pointAt(game, result.final, result.n, b);
  const out: Trajectory = {
    final,
    norm: Math.hypot(...final),
    status: STATUS[result.status[b]],
    step: result.step[b],
  };
  if (result.frames.length) out.trajectory = result.frames.map((f) => pointAt(game, f, result.n, b));
  return out;
}
