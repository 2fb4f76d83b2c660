/**
 * The DOM-free half of `<saddle-matrix-game>`: it reads the attributes into a bimatrix game (a JSON matrix, A and
 * B, or a named preset), runs the learning dynamics of src/matrix-games from one start, solves for the Nash
 * equilibria, and maps mixed strategies onto the plane a chart draws. The maths is src/matrix-games'; this file
 * only connects it to pixels.
 *
 * Coordinates:
 * - a 2×2 game lives in the unit square, (x, y) = (P(row plays strategy 1), P(column plays strategy 1));
 * - a 3×3 game needs two triangles, one per player: the simplex Δ₃ ∋ p drawn in barycentric coordinates with
 *   vertex i at Vᵢ, V₁ = (0, 0), V₂ = (1, 0), V₃ = (½, √3/2), i.e. the point Σᵢ pᵢVᵢ = (p₂ + p₃/2, (√3/2)p₃).
 *   The map is affine and one-to-one from the plane {Σp = 1} onto ℝ², and sends Δ₃ onto the triangle V₁V₂V₃
 *   (Coxeter, Introduction to Geometry, §13.7); its inverse is p₃ = 2v/√3, p₂ = u − p₃/2, p₁ = 1 − p₂ − p₃.
 *
 * The replicator field in the square: with x = (p, 1 − p) and y = (q, 1 − q), src's replicatorGame gives ẋ₁ and
 * ẏ₁ (= ṗ and q̇; the second coordinates move opposite), which ./field-arrows.ts turns into arrows through a
 * two-coordinate Game that evaluates it.
 *
 * `lr` is the step η of mwu and omwu and the time step dt of the replicator flow: MWU with step η is the Euler-like
 * discretization of the replicator flow at time t = η·steps, so one number makes the three comparable.
 */
import { InputError, show } from '../src/errors.ts';
import type { Game } from '../src/game.ts';
import {
  bimatrixGame,
  createLearning,
  klDivergence,
  learn,
  learningDynamics,
  maxRegret,
  payoffScale,
  readMixedStrategy,
  replicatorGame,
  solveNash,
  type BimatrixGame,
  type Equilibrium,
  type LearnResult,
} from '../src/matrix-games/index.ts';
import { blank } from './kit/properties.ts';

/** The named games, payoffs to be maximized (B omitted: zero-sum, B = −A). Strategy 1 is the first row/column. */
export const PRESETS = {
  'matching-pennies': { title: 'matching pennies', A: [[1, -1], [-1, 1]], strategies: [['heads', 'tails'], ['heads', 'tails']] },
  'rock-paper-scissors': {
    title: 'rock–paper–scissors',
    A: [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
    strategies: [['rock', 'paper', 'scissors'], ['rock', 'paper', 'scissors']],
  },
  'prisoners-dilemma': { title: 'prisoner’s dilemma', A: [[3, 0], [5, 1]], B: [[3, 5], [0, 1]], strategies: [['cooperate', 'defect'], ['cooperate', 'defect']] },
  coordination: { title: 'coordination', A: [[2, 0], [0, 1]], B: [[2, 0], [0, 1]], strategies: [['A', 'B'], ['A', 'B']] },
  shapley: {
    title: 'Shapley’s game',
    A: [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
    B: [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
    strategies: [['1', '2', '3'], ['1', '2', '3']],
  },
} as const satisfies Record<string, { title: string; A: number[][]; B?: number[][]; strategies: [string[], string[]] }>;
export type PresetName = keyof typeof PRESETS;

export const DYNAMICS = Object.keys(learningDynamics) as (keyof typeof learningDynamics)[];

export interface MatrixAttributes {
  payoff?: string | null;
  a?: string | null;
  b?: string | null;
  dynamics?: string | null;
  lr?: string | null;
  steps?: string | null;
  init?: string | null;
  opts?: string | null;
}

export interface MatrixSpec {
  game: BimatrixGame;
  /** The preset's name, when one was used. */
  preset?: PresetName;
  /** Strategy names per player (from the preset, else 1, 2, 3). */
  strategies: [string[], string[]];
  dynamics: { name: string; options: Record<string, unknown> }[];
  steps: number;
  x0: number[];
  y0: number[];
}

export const DEFAULT_STEPS = 400;
export const MAX_STEPS = 20_000;

function json(where: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new InputError(where, `not valid JSON (${(e as Error).message}): ${show(raw)}`);
  }
}

/** The game of the attributes: `payoff` (a preset name or a JSON matrix A, zero-sum), or `a` and `b`. */
export function readGame(a: MatrixAttributes): { game: BimatrixGame; preset?: PresetName; strategies: [string[], string[]] } {
  if (!blank(a.payoff) && (!blank(a.a) || !blank(a.b))) throw new InputError('payoff', 'give either payoff (zero-sum) or a and b (bimatrix), not both');
  let game: BimatrixGame;
  let preset: PresetName | undefined;
  if (!blank(a.a) || !blank(a.b)) {
    if (blank(a.a)) throw new InputError('a', 'missing: b is given, a (the row player’s payoffs) is not');
    game = bimatrixGame(json('a', a.a), blank(a.b) ? undefined : json('b', a.b), {}, { A: 'a', B: 'b' });
  } else {
    const raw = blank(a.payoff) ? 'matching-pennies' : a.payoff.trim();
    if (raw.startsWith('[')) game = bimatrixGame(json('payoff', raw), undefined, {}, { A: 'payoff', B: 'payoff' });
    else {
      if (!Object.hasOwn(PRESETS, raw)) throw new InputError('payoff', `unknown game ${show(raw)} (presets: ${Object.keys(PRESETS).join(', ')}; or a JSON matrix like [[1,-1],[-1,1]])`);
      preset = raw as PresetName;
      const p: { title: string; A: readonly (readonly number[])[]; B?: readonly (readonly number[])[] } = PRESETS[preset];
      game = bimatrixGame(p.A, p.B, { title: p.title });
    }
  }
  const square = game.m === 2 && game.k === 2;
  const simplex = game.m === 3 && game.k === 3;
  if (!square && !simplex) {
    throw new InputError(!blank(a.a) ? 'a' : 'payoff', `is ${game.m}×${game.k}: the element draws 2×2 games (in the unit square) and 3×3 games (on two triangles)`);
  }
  const names = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
  const strategies: [string[], string[]] = preset ? [[...PRESETS[preset].strategies[0]], [...PRESETS[preset].strategies[1]]] : [names(game.m), names(game.k)];
  return { game, ...(preset ? { preset } : {}), strategies };
}

/** Reads the attributes; throws an {@link InputError} naming the first bad one (and, for a matrix, the entry). */
export function readMatrixAttributes(a: MatrixAttributes): MatrixSpec {
  const { game, preset, strategies } = readGame(a);
  const names = (blank(a.dynamics) ? 'replicator,mwu,omwu' : a.dynamics).split(',').map((s) => s.trim());
  for (const n of names) {
    if (n === '') throw new InputError('dynamics', `expected names separated by commas, got ${show(a.dynamics)}`);
    if (!DYNAMICS.includes(n as (typeof DYNAMICS)[number])) throw new InputError('dynamics', `unknown dynamics ${show(n)} (known: ${DYNAMICS.join(', ')})`);
  }
  const twice = names.find((s, i) => names.indexOf(s) !== i);
  if (twice) throw new InputError('dynamics', `${show(twice)} is listed twice`);

  let lr: number | undefined;
  if (!blank(a.lr)) {
    lr = Number(a.lr.trim());
    if (!Number.isFinite(lr) || lr <= 0) throw new InputError('lr', `expected a positive number, got ${show(a.lr)}`);
  }
  const opts = blank(a.opts) ? {} : json('opts', a.opts);
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new InputError('opts', `expected a JSON object like {"replicator": {"integrator": "rk4"}}, got ${show(a.opts)}`);
  for (const [key, value] of Object.entries(opts)) {
    if (!names.includes(key)) throw new InputError('opts', `${show(key)} is not one of the plotted dynamics (${names.join(', ')})`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('opts', `the options of ${key} must be an object, got ${show(value)}`);
  }
  const lrOptions = (name: string): Record<string, unknown> =>
    lr === undefined ? {} : name === 'replicator' ? { dt: lr } : name === 'mwu' || name === 'omwu' ? { lr } : {};
  const dynamics = names.map((name) => ({ name, options: { ...lrOptions(name), ...((opts as Record<string, Record<string, unknown>>)[name] ?? {}) } }));

  let steps = DEFAULT_STEPS;
  if (!blank(a.steps)) {
    steps = Number(a.steps.trim());
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) throw new InputError('steps', `expected a whole number from 1 to ${MAX_STEPS}, got ${show(a.steps)}`);
  }
  const [x0, y0] = blank(a.init) ? defaultInit(game) : readInit(a.init, game);
  const spec: MatrixSpec = { game, strategies, dynamics, steps, x0, y0, ...(preset ? { preset } : {}) };
  for (const d of dynamics) createLearning(d.name, game, 1, d.options); // a bad option is reported before anything is drawn
  return spec;
}

function defaultInit(game: BimatrixGame): [number[], number[]] {
  return game.m === 2 ? [[0.8, 0.2], [0.4, 0.6]] : [[0.6, 0.3, 0.1], [0.2, 0.3, 0.5]];
}

/**
 * The start: "x,y" for a 2×2 game (each player's probability of strategy 1), or both mixed strategies in full,
 * "x₁,…,xₘ;y₁,…,yₖ".
 */
export function readInit(raw: string, game: BimatrixGame): [number[], number[]] {
  const nums = (s: string) =>
    s.split(',').map((t) => {
      const v = t.trim() === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) throw new InputError('init', `expected numbers, got ${show(raw)}`);
      return v;
    });
  if (raw.includes(';')) {
    const parts = raw.split(';');
    if (parts.length !== 2) throw new InputError('init', `expected "x₁,…;y₁,…" (one mixed strategy per player), got ${show(raw)}`);
    return [readMixedStrategy('init (row player)', nums(parts[0]), game.m), readMixedStrategy('init (column player)', nums(parts[1]), game.k)];
  }
  const v = nums(raw);
  if (game.m === 2 && game.k === 2 && v.length === 2) {
    v.forEach((p, i) => {
      if (p < 0 || p > 1) throw new InputError('init', `${i === 0 ? 'x' : 'y'} = ${p} is a probability: expected a number in [0, 1]`);
    });
    return [[v[0], 1 - v[0]], [v[1], 1 - v[1]]];
  }
  const want = game.m === 2 && game.k === 2 ? '"x,y" (the probabilities of strategy 1)' : `"x₁,x₂,x₃;y₁,y₂,y₃"`;
  throw new InputError('init', `expected ${want}, got ${show(raw)}`);
}

/** The `init` attribute for a start (the inverse of {@link readInit}), rounded to 1/1000 and summing to 1 exactly. */
export function formatInit(game: BimatrixGame, x: readonly number[], y: readonly number[]): string {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  if (game.m === 2 && game.k === 2) return `${r(x[0])},${r(y[0])}`;
  const full = (p: readonly number[]) => {
    const head = p.slice(0, -1).map(r);
    const last = Math.round((1000 - head.reduce((s, v) => s + Math.round(v * 1000), 0))) / 1000;
    return [...head, Math.max(0, last)].join(',');
  };
  return `${full(x)};${full(y)}`;
}

/** The start in the form the chart needs: both strategies, summing to 1 (rounded values renormalized). */
export function normalize(p: readonly number[]): number[] {
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

/** How a run ended. */
export type RunStatus = 'converged' | 'running' | 'stopped';

/** One dynamics' run as drawn. */
export interface MatrixRun {
  name: string;
  label: string;
  /** Each step's reported strategies (the averages for regret matching). */
  frames: { step: number; x: number[]; y: number[] }[];
  status: RunStatus;
  steps: number;
  /** Max regret at the end. */
  regret: number;
  /** Duality gap at the end (zero-sum). */
  gap?: number;
  /** H = KL(x*‖x) + KL(y*‖y) at each frame, when the game is zero-sum with a unique interior equilibrium. */
  divergence?: number[];
  warnings: string[];
  result: LearnResult;
  /** Computed by the cheaper rule of a drag ({@link draftOptions}), to be replaced when the drag ends. */
  draft?: true;
}

/** A run has converged when its max regret is below this × the payoff scale. */
export const CONVERGED_REGRET = 1e-3;

/** Most frames recorded per run (a longer run records every ⌈steps / MAX_FRAMES⌉-th step, and its last). */
export const MAX_FRAMES = 2000;

/**
 * The options of a draft run (while a person drags the start): the replicator flow by classical RK4 with h = dt, one
 * step of 4 field evaluations per dt, instead of its default adaptive Dormand–Prince rk45, which here costs ~3× as
 * much (an error estimate and a new step-size search within every dt). RK4's local error is O(dt⁵) (Hairer, Nørsett &
 * Wanner, Solving ODEs I, §II.1): at dt ≤ 0.1 on a payoff scale of 1, 400 steps stay within 1e-3 (half a pixel of the
 * largest square) of the rk45 run for every preset (~1e-5 from a start 0.08 from the boundary). At dt = 0.2 the
 * error grows near the boundary, where the flow is fastest: 1.7e-4 from a start 0.2 away, 2.1e-3 from one 0.05 away
 * (matching pennies): a pixel or two, for the length of the drag. An integrator chosen in `opts`, and the other
 * dynamics, are kept.
 */
export function draftOptions(name: string, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return name === 'replicator' && options.integrator === undefined ? { ...options, integrator: 'rk4' } : { ...options };
}

/**
 * Runs each dynamics of the spec from (x₀, y₀), recording every step (up to {@link MAX_FRAMES} frames). With
 * `draft`, the replicator flow is integrated by a cheaper fixed-step rule ({@link draftOptions}) and the runs are
 * marked `draft`; each keeps the label of the accurate run, which the element computes when the drag ends.
 */
export function runDynamics(spec: MatrixSpec, equilibria: readonly Equilibrium[], x0 = spec.x0, y0 = spec.y0, { draft = false } = {}): MatrixRun[] {
  const every = Math.max(1, Math.ceil(spec.steps / MAX_FRAMES));
  const { game } = spec;
  const center = interiorEquilibrium(game, equilibria);
  const scale = payoffScale(game);
  return spec.dynamics.map(({ name, options }) => {
    const fast = draft ? draftOptions(name, options) : options;
    const dynamics = createLearning(name, game, 1, fast);
    const result = learn(game, dynamics, x0, y0, { steps: spec.steps, every });
    const frames = result.trajectory ?? [];
    const regret = maxRegret(game, result.x, result.y);
    const stopped = result.steps < spec.steps;
    const run: MatrixRun = {
      name,
      label: fast === options ? result.label : createLearning(name, game, 1, options).label,
      ...(draft ? { draft: true as const } : {}),
      frames,
      status: stopped ? 'stopped' : regret <= CONVERGED_REGRET * scale ? 'converged' : 'running',
      steps: result.steps,
      regret,
      warnings: result.warnings,
      result,
      ...(result.gap !== undefined ? { gap: result.gap } : {}),
    };
    if (center) run.divergence = frames.map((f) => klDivergence(center.row, f.x) + klDivergence(center.col, f.y));
    return run;
  });
}

/** All the equilibria (support enumeration, Lemke–Howson and, for zero-sum games, the LP, merged), and warnings. */
export function equilibriaOf(game: BimatrixGame): { equilibria: Equilibrium[]; warnings: string[] } {
  const r = solveNash(game, 'all');
  return { equilibria: r.equilibria, warnings: r.warnings };
}

/**
 * The equilibrium around which H = KL(x*‖x) + KL(y*‖y) is conserved by the replicator flow (Hofbauer & Sigmund
 * 1998, §11.2): a zero-sum game's unique equilibrium, when it is fully mixed. Otherwise undefined.
 */
export function interiorEquilibrium(game: BimatrixGame, equilibria: readonly Equilibrium[]): Equilibrium | undefined {
  if (!game.zeroSum || equilibria.length !== 1) return undefined;
  const e = equilibria[0];
  return e.row.every((p) => p > 0) && e.col.every((p) => p > 0) ? e : undefined;
}

const SQRT3_2 = Math.sqrt(3) / 2;

/** p ∈ Δ₃ ↦ its point in the triangle V₁ = (0, 0), V₂ = (1, 0), V₃ = (½, √3/2). */
export function toTriangle(p: readonly number[]): [number, number] {
  return [p[1] + p[2] / 2, SQRT3_2 * p[2]];
}

/** The inverse of {@link toTriangle} on the plane Σp = 1 (outside the triangle some entries are negative). */
export function fromTriangle([u, v]: readonly [number, number]): [number, number, number] {
  const p3 = v / SQRT3_2;
  const p2 = u - p3 / 2;
  return [1 - p2 - p3, p2, p3];
}

/**
 * The Euclidean projection of v onto the simplex (Duchi, Shalev-Shwartz, Singer & Chandra 2008, Fig. 1): sort
 * descending, find the largest ρ with u_ρ − (Σ_{i≤ρ} uᵢ − 1)/ρ > 0, subtract that τ and clip at 0. A drag that leaves
 * the triangle lands on its nearest point.
 */
export function projectToSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let sum = 0;
  let tau = 0;
  for (let i = 0; i < u.length; i++) {
    sum += u[i];
    const t = (sum - 1) / (i + 1);
    if (u[i] - t > 0) tau = t;
  }
  return v.map((x) => Math.max(0, x - tau));
}

/**
 * The replicator dynamics of a 2×2 game as a two-coordinate Game on the square (p, q) = (x₁, y₁): its field is
 * (−ṗ, −q̇) from src's replicatorGame at x = (p, 1 − p), y = (q, 1 − q), so ./field-arrows.ts draws (ṗ, q̇).
 */
export function squareReplicator(game: BimatrixGame): Game {
  if (game.m !== 2 || game.k !== 2) throw new RangeError(`squareReplicator needs a 2×2 game, got ${game.m}×${game.k}`);
  const full = replicatorGame(game);
  let cap = 0;
  let z: Float64Array[] = [];
  let out: Float64Array[] = [];
  const fail = () => {
    throw new Error('squareReplicator only evaluates the field');
  };
  return {
    name: 'replicator-square',
    description: `replicator dynamics of a 2×2 game on (x₁, y₁)`,
    players: [
      { name: 'x', coords: ['x₁'] },
      { name: 'y', coords: ['y₁'] },
    ],
    zeroSum: false,
    field([p, q], [gp, gq], n) {
      if (cap < n) {
        cap = n;
        z = [new Float64Array(2 * n), new Float64Array(2 * n)];
        out = [new Float64Array(2 * n), new Float64Array(2 * n)];
      }
      // Layout: coordinate c of point b at c·n + b (src/game.ts).
      for (let b = 0; b < n; b++) {
        z[0][b] = p[b];
        z[0][n + b] = 1 - p[b];
        z[1][b] = q[b];
        z[1][n + b] = 1 - q[b];
      }
      full.field([z[0].subarray(0, 2 * n), z[1].subarray(0, 2 * n)], [out[0].subarray(0, 2 * n), out[1].subarray(0, 2 * n)], n);
      gp.set(out[0].subarray(0, n));
      gq.set(out[1].subarray(0, n));
    },
    jacobian: fail,
    losses: fail,
  };
}

/** The runs as CSV rows: dynamics, step, then x₁… and y₁…. */
export function runRows(runs: readonly MatrixRun[]): Record<string, string | number>[] {
  return runs.flatMap((r) =>
    r.frames.map((f, i) => {
      const row: Record<string, string | number> = { dynamics: r.name, step: f.step };
      f.x.forEach((v, k) => (row[`x${k + 1}`] = v));
      f.y.forEach((v, k) => (row[`y${k + 1}`] = v));
      if (r.divergence) row.H = r.divergence[i];
      return row;
    }),
  );
}
