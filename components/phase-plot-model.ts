/**
 * What a `<saddle-phase-plot>` computes, without any DOM: reading its attributes (each bad value an
 * {@link InputError} naming the attribute) and running every optimizer from the start point through src/.
 */
import { InputError, show } from '../src/errors.ts';
import { integrate } from '../src/flow/index.ts';
import { gameDim, packPoints, type Game } from '../src/game.ts';
import { createGame } from '../src/games/index.ts';
import { createOptimizer } from '../src/optim/index.ts';
import type { Dynamics } from '../src/dynamics.ts';
import type { IntegratorRun, OptimizerRun, Run, Scenario } from '../src/scenario/schema.ts';
import { optimizerDynamics, simulatePath, type Status } from '../src/simulate.ts';
import type { Domain } from './field-arrows.ts';
import { blank, jsonObject } from './kit/properties.ts';

/** The element's attributes as strings, absent ones undefined. */
export interface PlotAttributes {
  game?: string | null;
  params?: string | null;
  optimizers?: string | null;
  lr?: string | null;
  opts?: string | null;
  steps?: string | null;
  init?: string | null;
  domain?: string | null;
  /** An expression f(x, y) for the `expr` game (x minimizes, y maximizes). */
  f?: string | null;
}

/** The attributes, read and checked. */
export interface PlotSpec {
  readonly game: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** One entry per trajectory: the registry name and the options createOptimizer receives (lr included). */
  readonly optimizers: readonly PlotOptimizer[];
  /** Integrators of the flow ż = −ξ(z) drawn after the optimizers (only a scenario file has them). */
  readonly integrators?: readonly PlotIntegrator[];
  readonly steps: number;
  readonly init: readonly [number, number];
  readonly domain: Domain;
}

/** One optimizer to run: the registry name, the options createOptimizer receives (lr included), a legend label. */
export interface PlotOptimizer {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The legend's name; default the optimizer's own label (`eg (η = 0.2)`). */
  readonly label?: string;
}

/** One integrator of the gradient flow: the registry name (`rk45`), its options, the output interval dt. */
export interface PlotIntegrator {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly dt: number;
  readonly label?: string;
}

export const DEFAULTS = {
  game: 'bilinear',
  optimizers: 'simgda,altgda,eg',
  steps: 200,
  init: [1, 1] as const,
  domain: { xmin: -2, xmax: 2, ymin: -2, ymax: 2 },
  maxSteps: 100_000,
};

/** One optimizer's run, as the element exposes it. */
export interface PlotTrajectory {
  /** The registry name: `eg`. */
  readonly name: string;
  /** The name with its hyperparameters: `eg (η = 0.2)`. */
  readonly label: string;
  /** The iterates z₀ … z_step as (first coordinate, second coordinate). */
  readonly points: readonly (readonly [number, number])[];
  readonly status: Status;
  /** The step at which it converged or diverged; the steps taken while still running. */
  readonly step: number;
  /** ‖z‖ of the last iterate (the last one inside the bound, for a diverged run). */
  readonly norm: number;
}

/** A comma list of exactly `count` finite numbers. */
function numbers(where: string, raw: string, count: number, what: string): number[] {
  const parts = raw.split(',');
  const values = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length !== count || !values.every(Number.isFinite)) {
    throw new InputError(where, `expected ${what} (${count} finite numbers separated by commas), got ${show(raw)}`);
  }
  return values;
}

/** Reads the attributes; throws an {@link InputError} naming the first bad one. */
export function readAttributes(a: PlotAttributes): PlotSpec {
  let game = blank(a.game) ? DEFAULTS.game : a.game.trim();
  let params = blank(a.params) ? {} : jsonObject('params', a.params);
  if (!blank(a.f)) {
    if (!blank(a.game) && game !== 'expr') throw new InputError('f', `an expression needs game="expr" (or no game attribute), not game=${show(game)}`);
    game = 'expr';
    params = { ...params, f: a.f };
  }

  const names = (blank(a.optimizers) ? DEFAULTS.optimizers : a.optimizers).split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new InputError('optimizers', `expected names separated by commas, got ${show(a.optimizers)}`);
  const twice = names.find((s, i) => names.indexOf(s) !== i);
  if (twice) throw new InputError('optimizers', `${show(twice)} is listed twice`);

  let lr: number | number[] | undefined;
  if (!blank(a.lr)) {
    const parts = a.lr.split(',');
    const values = numbers('lr', a.lr, parts.length, 'a learning rate or one per player');
    if (values.length > 2 || values.some((v) => v <= 0)) throw new InputError('lr', `expected 1 or 2 positive numbers, got ${show(a.lr)}`);
    lr = values.length === 1 ? values[0] : values;
  }
  const opts = blank(a.opts) ? {} : jsonObject('opts', a.opts);
  for (const [key, value] of Object.entries(opts)) {
    if (!names.includes(key)) throw new InputError('opts', `${show(key)} is not one of the plotted optimizers (${names.join(', ')})`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('opts', `the options of ${key} must be an object like {"beta": -0.5}, got ${show(value)}`);
    }
  }
  const optimizers = names.map((name) => ({
    name,
    options: { ...(lr === undefined ? {} : { lr }), ...((opts[name] as Record<string, unknown> | undefined) ?? {}) },
  }));

  let steps = DEFAULTS.steps;
  if (!blank(a.steps)) {
    steps = Number(a.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > DEFAULTS.maxSteps) {
      throw new InputError('steps', `expected a whole number from 1 to ${DEFAULTS.maxSteps}, got ${show(a.steps)}`);
    }
  }
  const init = blank(a.init) ? DEFAULTS.init : (numbers('init', a.init, 2, 'a start point "x,y"') as [number, number]);

  let domain = DEFAULTS.domain;
  if (!blank(a.domain)) {
    const [xmin, xmax, ymin, ymax] = numbers('domain', a.domain, 4, '"xmin,xmax,ymin,ymax"');
    if (!(xmin < xmax && ymin < ymax)) throw new InputError('domain', `expected xmin < xmax and ymin < ymax, got ${show(a.domain)}`);
    domain = { xmin, xmax, ymin, ymax };
  }
  return { game, params, optimizers, steps, init: [init[0], init[1]], domain };
}

/** Makes the game; one that is not a two-player game with one coordinate each is an {@link InputError}. */
export async function loadGame(spec: PlotSpec): Promise<Game> {
  const game = await createGame(spec.game, spec.params);
  if (game.players.length !== 2 || gameDim(game) !== 2) {
    const coords = game.players.flatMap((p) => p.coords);
    throw new InputError(
      'game',
      `${spec.game} has ${coords.length} coordinates (${coords.slice(0, 6).join(', ')}${coords.length > 6 ? ', …' : ''}); the phase plot draws games with exactly 2, one per player`,
    );
  }
  return game;
}

/** Checks every optimizer's options once (so a bad option is reported before anything is drawn). */
export function checkOptimizers(spec: PlotSpec): void {
  for (const o of spec.optimizers) createOptimizer(o.name, o.options, 2);
}

/**
 * Runs every optimizer of `spec` on `game` from `init` for `spec.steps` steps, recording each iterate, then every
 * integrator of the flow (one output interval dt per step).
 */
export function runTrajectories(game: Game, spec: PlotSpec, init: readonly [number, number] = spec.init): PlotTrajectory[] {
  const run = (name: string, label: string, dynamics: (z0: Float64Array[]) => Dynamics): PlotTrajectory => {
    const z0 = packPoints(game, [[init[0], init[1]]]);
    // One flat array of iterates per run (src/simulate.ts simulatePath): a drag recomputes every run per pointer move.
    const t = simulatePath(game, dynamics(z0), z0, { steps: spec.steps, every: 1 });
    const points = new Array<readonly [number, number]>(t.count);
    for (let k = 0; k < t.count; k++) points[k] = [t.points[2 * k], t.points[2 * k + 1]];
    return { name, label, points, status: t.status, step: t.step, norm: t.norm };
  };
  return [
    ...spec.optimizers.map(({ name, options, label }) => {
      const optimizer = createOptimizer(name, options, 2);
      return run(name, label ?? optimizer.label, (z0) => optimizerDynamics(game, optimizer, z0, 1));
    }),
    ...(spec.integrators ?? []).map(({ name, options, dt, label }) => {
      const flow = integrate(name, options, game, 1, dt);
      return run(name, label ?? flow.label, () => flow);
    }),
  ];
}

/** Type-only import above, so that zod (the schema) stays out of the embed bundle: the guard is restated here. */
const isOptimizerRun = (run: Run): run is OptimizerRun => 'optimizer' in run;

/**
 * A validated scenario (src/scenario: `parseScenario`) as a plot's settings: its game, runs, steps, start point and
 * domain (default: the plot's). A scenario with a grid or random starts, or a game with other than two
 * coordinates, is an {@link InputError} naming the file.
 */
export function specFromScenario(scenario: Scenario): PlotSpec {
  const where = scenario.source || 'src';
  const init = scenario.init;
  if (!Array.isArray(init) || init.length !== 2) {
    throw new InputError(`${where}: init`, `the phase plot runs from one start point [x, y]; this scenario has ${show(init)}`);
  }
  const [xmin, xmax, ymin, ymax] = scenario.domain ?? [DEFAULTS.domain.xmin, DEFAULTS.domain.xmax, DEFAULTS.domain.ymin, DEFAULTS.domain.ymax];
  const options = (run: Run) => ({ ...(run.options ?? {}), ...(isOptimizerRun(run) && run.lr !== undefined ? { lr: run.lr } : {}) });
  return {
    game: scenario.game.name,
    params: scenario.game.params ?? {},
    optimizers: scenario.runs.filter(isOptimizerRun).map((r) => ({ name: r.optimizer, options: options(r), ...(r.label ? { label: r.label } : {}) })),
    integrators: scenario.runs
      .filter((r): r is IntegratorRun => !isOptimizerRun(r))
      .map((r) => ({ name: r.integrator, options: options(r), dt: r.dt, ...(r.label ? { label: r.label } : {}) })),
    steps: scenario.steps,
    init: [Number(init[0]), Number(init[1])],
    domain: { xmin, xmax, ymin, ymax },
  };
}

/**
 * The attributes that a person's changes override on top of a scenario: any of optimizers, lr, opts, steps, init
 * and domain set on the element replaces the scenario's value (read as {@link readAttributes} reads it).
 */
export function overrideSpec(base: PlotSpec, a: PlotAttributes): PlotSpec {
  const read = readAttributes(a);
  const given = (s: string | null | undefined) => !blank(s);
  const runsGiven = given(a.optimizers) || given(a.lr) || given(a.opts);
  return {
    ...base,
    optimizers: runsGiven ? read.optimizers : base.optimizers,
    integrators: runsGiven ? [] : base.integrators,
    steps: given(a.steps) ? read.steps : base.steps,
    init: given(a.init) ? read.init : base.init,
    domain: given(a.domain) ? read.domain : base.domain,
  };
}

/** The trajectories as a table for CSV: one row per iterate (run, label, status, step k, x, y). */
export function trajectoryRows(trajectories: readonly PlotTrajectory[]): { run: string; label: string; status: string; k: number; x: number; y: number }[] {
  return trajectories.flatMap((t) => t.points.map(([x, y], k) => ({ run: t.name, label: t.label, status: t.status, k, x, y })));
}
