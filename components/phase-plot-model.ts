/**
 * What a `<saddle-phase-plot>` computes, without any DOM: reading its attributes (each bad value an
 * {@link InputError} naming the attribute) and running every optimizer from the start point through src/.
 */
import { InputError, show } from '../src/errors.ts';
import { gameDim, packPoints, type Game } from '../src/game.ts';
import { createGame } from '../src/games/index.ts';
import { createOptimizer } from '../src/optim/index.ts';
import { optimizerDynamics, simulate, trajectoryOf, type Status } from '../src/simulate.ts';
import type { Domain } from './field-arrows.ts';

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
}

/** The attributes, read and checked. */
export interface PlotSpec {
  readonly game: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** One entry per trajectory: the registry name and the options createOptimizer receives (lr included). */
  readonly optimizers: readonly { readonly name: string; readonly options: Readonly<Record<string, unknown>> }[];
  readonly steps: number;
  readonly init: readonly [number, number];
  readonly domain: Domain;
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

const blank = (s: string | null | undefined): s is null | undefined => s == null || s.trim() === '';

/** A comma list of exactly `count` finite numbers. */
function numbers(where: string, raw: string, count: number, what: string): number[] {
  const parts = raw.split(',');
  const values = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length !== count || !values.every(Number.isFinite)) {
    throw new InputError(where, `expected ${what} (${count} finite numbers separated by commas), got ${show(raw)}`);
  }
  return values;
}

/** A JSON object (not an array or a number). */
function jsonObject(where: string, raw: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new InputError(where, `not valid JSON (${(e as Error).message}): ${show(raw)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(where, `expected a JSON object like {"a": 1}, got ${show(raw)}`);
  return v as Record<string, unknown>;
}

/** Reads the attributes; throws an {@link InputError} naming the first bad one. */
export function readAttributes(a: PlotAttributes): PlotSpec {
  const game = blank(a.game) ? DEFAULTS.game : a.game.trim();
  const params = blank(a.params) ? {} : jsonObject('params', a.params);

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

/** Runs every optimizer of `spec` on `game` from `init` for `spec.steps` steps, recording each iterate. */
export function runTrajectories(game: Game, spec: PlotSpec, init: readonly [number, number] = spec.init): PlotTrajectory[] {
  return spec.optimizers.map(({ name, options }) => {
    const optimizer = createOptimizer(name, options, 2);
    const z0 = packPoints(game, [[init[0], init[1]]]);
    const result = simulate(game, optimizerDynamics(game, optimizer, z0, 1), z0, 1, { steps: spec.steps, every: 1 });
    const t = trajectoryOf(game, result);
    return {
      name,
      label: optimizer.label,
      points: (t.trajectory ?? []).map(([x, y]) => [x, y] as const),
      status: t.status,
      step: t.step,
      norm: t.norm,
    };
  });
}
