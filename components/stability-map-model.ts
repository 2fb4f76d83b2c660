/**
 * What a `<saddle-stability-map>` computes, without any DOM: the spectral radius ρ of one optimizer's linearized
 * update map at an equilibrium, over a grid of two parameters: an optimizer option (η, momentum's β, consensus's γ,
 * SGA's λ, the EMA decay) or a game parameter (the Dirac-GAN's regularization weight γ, the coupling a of x·y).
 * The optimizer converges locally where ρ < 1 (Mescheder, Nowozin & Geiger 2017, Prop. 3); the map is the picture of
 * Gidel et al. 2019 (η × β for negative momentum) and of Mescheder et al. 2017 (η × γ for consensus). Every ρ comes
 * from src/analysis (findEquilibria, linearModel, updateMap), one cell at a time, in chunks that leave the page free
 * between them ({@link computeMap}).
 *
 * A cell is the square [x_i ± h/2] × [y_j ± h/2] and ρ is taken at its centre, so the grid never touches the ends of
 * a range (β = −1 is not a momentum, but the cell next to it is).
 */
import { contours } from 'd3-contour';
import { InputError, show } from '../src/errors.ts';
import { gameDim, type Game } from '../src/game.ts';
import { createGame, games } from '../src/games/index.ts';
import { commonOptions, createOptimizer, optimizers } from '../src/optim/index.ts';
import { resolveOptions } from '../src/options.ts';
import { blank, jsonObject } from './kit/properties.ts';
import type { PlotSpec } from './phase-plot-model.ts';
import { nearestSite, spectrumAt, type Site } from './spectrum-plot-model.ts';

/** The element's attributes as strings, absent ones undefined. */
export interface MapAttributes {
  game?: string | null;
  params?: string | null;
  optimizer?: string | null;
  opts?: string | null;
  x?: string | null;
  y?: string | null;
  resolution?: string | null;
  near?: string | null;
}

/** One axis of the map: which parameter, whose, and the value at the centre of each cell. */
export interface MapAxis {
  /** As written in the attribute, without the range: `lr`, `beta`, `game.gamma`. */
  readonly label: string;
  /** The optimizer's option or the game's parameter. */
  readonly target: 'optimizer' | 'game';
  /** The option's or parameter's name: `lr`, `gamma`. */
  readonly key: string;
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  /** The cell centres, increasing. */
  readonly values: readonly number[];
}

export interface MapSpec {
  readonly game: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly optimizer: string;
  /** The optimizer's fixed options (the axes' values override them). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly x: MapAxis;
  readonly y: MapAxis;
  /** The equilibrium analysed is the one nearest this point (default: the origin). */
  readonly near?: readonly number[];
}

export const MAP_DEFAULTS = {
  game: 'bilinear',
  optimizer: 'eg',
  x: 'lr:0.01:1.5',
  resolution: 48,
  maxResolution: 200,
};

/** The default second axis of each optimizer: its own hyperparameter, else the coupling of x·y. */
const DEFAULT_Y: Readonly<Record<string, string>> = {
  momentum: 'beta:-0.95:0.95',
  consensus: 'gamma:0:2',
  sga: 'lambda:-1:2',
};

/** The cell centres of n cells over [min, max], evenly spaced in the value or, with `log`, in its logarithm. */
export function cellCentres(min: number, max: number, n: number, log: boolean): number[] {
  return Array.from({ length: n }, (_, k) => {
    const u = (k + 0.5) / n;
    return log ? min * Math.pow(max / min, u) : min + (max - min) * u;
  });
}

/**
 * Reads an axis `name:min:max` or `name:min:max:log`. A bare name is the optimizer's option when it has one by that
 * name, else the game's parameter; `game.name` and `optimizer.name` say which outright (the Dirac-GAN's `gamma`
 * against consensus's `gamma`).
 */
function readAxis(where: 'x' | 'y', raw: string, n: number, game: string, optimizer: string): MapAxis {
  const parts = raw.split(':').map((s) => s.trim());
  const form = `"name:min:max" or "name:min:max:log" (like "lr:0.01:1" or "beta:-0.9:0.9")`;
  if (parts.length < 3 || parts.length > 4 || (parts.length === 4 && parts[3] !== 'log') || parts[0] === '') {
    throw new InputError(where, `expected ${form}, got ${show(raw)}`);
  }
  const [label, lo, hi] = parts;
  const min = lo === '' ? NaN : Number(lo);
  const max = hi === '' ? NaN : Number(hi);
  const log = parts[3] === 'log';
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new InputError(where, `expected finite min < max in ${form}, got ${show(raw)}`);
  if (log && !(min > 0)) throw new InputError(where, `a log axis needs min > 0, got ${show(raw)}`);

  const optionSpecs = { ...commonOptions, ...(Object.hasOwn(optimizers, optimizer) ? optimizers[optimizer].options : {}) };
  const gameParams = Object.hasOwn(games, game) ? Object.keys(games[game].params).filter((k) => !k.startsWith('<')) : [];
  const anyParam = game === 'expr'; // an expression's named constants are any name
  const dot = label.indexOf('.');
  const prefix = dot > 0 ? label.slice(0, dot) : '';
  const key = prefix === 'game' || prefix === 'optimizer' ? label.slice(dot + 1) : label;
  const isOption = Object.hasOwn(optionSpecs, key);
  const isParam = gameParams.includes(key) || (anyParam && key !== '');
  let target: 'optimizer' | 'game';
  if (prefix === 'optimizer' || (prefix === '' && isOption)) {
    if (!isOption) throw new InputError(where, `optimizer ${optimizer} has no option ${show(key)} (known: ${Object.keys(optionSpecs).join(', ')})`);
    const spec = optionSpecs[key];
    if (spec.kind !== 'number') throw new InputError(where, `option ${key} of ${optimizer} is ${spec.kind === 'integer' ? 'a whole number' : `a ${spec.kind}`}; an axis needs a real-valued option or game parameter`);
    target = 'optimizer';
  } else if (prefix === 'game' || (prefix === '' && isParam)) {
    if (!isParam) throw new InputError(where, `game ${game} has no parameter ${show(key)} (known: ${gameParams.join(', ') || 'none'})`);
    target = 'game';
  } else {
    throw new InputError(
      where,
      `${show(key)} is neither an option of ${optimizer} (${Object.keys(optionSpecs).join(', ')}) nor a parameter of ${game} (${gameParams.join(', ') || 'none'})`,
    );
  }
  return { label, target, key, min, max, log, values: cellCentres(min, max, n, log) };
}

/** Reads the attributes; throws an {@link InputError} naming the first bad one. */
export function readMapAttributes(a: MapAttributes): MapSpec {
  const game = blank(a.game) ? MAP_DEFAULTS.game : a.game.trim();
  if (!Object.hasOwn(games, game)) throw new InputError('game', `unknown game ${show(game)} (known: ${Object.keys(games).join(', ')})`);
  const params = blank(a.params) ? {} : jsonObject('params', a.params, '{"beta": -0.5}');
  const optimizer = blank(a.optimizer) ? MAP_DEFAULTS.optimizer : a.optimizer.trim();
  if (!Object.hasOwn(optimizers, optimizer)) throw new InputError('optimizer', `unknown optimizer ${show(optimizer)} (known: ${Object.keys(optimizers).join(', ')})`);
  const options = blank(a.opts) ? {} : jsonObject('opts', a.opts, '{"beta": -0.5}');

  let nx = MAP_DEFAULTS.resolution;
  let ny = MAP_DEFAULTS.resolution;
  if (!blank(a.resolution)) {
    const parts = a.resolution.toLowerCase().split('x').map((s) => (s.trim() === '' ? NaN : Number(s)));
    const ok = (v: number) => Number.isInteger(v) && v >= 2 && v <= MAP_DEFAULTS.maxResolution;
    if (parts.length > 2 || !parts.every(ok)) {
      throw new InputError('resolution', `expected cells per side as a whole number from 2 to ${MAP_DEFAULTS.maxResolution} ("48"), or across × up ("80x40"), got ${show(a.resolution)}`);
    }
    [nx, ny] = parts.length === 1 ? [parts[0], parts[0]] : [parts[0], parts[1]];
  }
  const x = readAxis('x', blank(a.x) ? MAP_DEFAULTS.x : a.x, nx, game, optimizer);
  const y = readAxis('y', blank(a.y) ? (DEFAULT_Y[optimizer] ?? 'game.a:0.25:2') : a.y, ny, game, optimizer);
  if (x.target === y.target && x.key === y.key) throw new InputError('y', `is the same parameter as x (${x.label}); pick two different ones`);

  let near: number[] | undefined;
  if (!blank(a.near)) {
    near = a.near.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (!near.every(Number.isFinite)) throw new InputError('near', `expected a point as numbers separated by commas ("0,0"), got ${show(a.near)}`);
  }
  const spec: MapSpec = { game, params, optimizer, options, x, y, near };
  // The options at the extreme cells: an option's allowed set is an interval, so every cell between is fine too.
  for (const ax of [x, y]) {
    if (ax.target !== 'optimizer') continue;
    for (const v of [ax.values[0], ax.values[ax.values.length - 1]]) {
      try {
        createOptimizer(optimizer, { ...options, [ax.key]: v });
      } catch (e) {
        if (e instanceof InputError && e.where === `optimizer ${optimizer}, option ${ax.key}`) {
          throw new InputError(ax === x ? 'x' : 'y', `the range of ${ax.key} leaves what ${optimizer} allows: ${e.what}`);
        }
        throw e;
      }
    }
  }
  return spec;
}

/** ρ over the grid, filled in as the computation goes: rho[j][i] at (x.values[i], y.values[j]), NaN until computed. */
export interface StabilityGrid {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly rho: readonly Float64Array[];
  /** Cells computed so far, in row order. */
  done: number;
  readonly total: number;
  /** Cells where the game has no equilibrium in the search box (ρ stays NaN there). */
  missing: number;
}

/** The optimizer's options and the game's parameters at cell (i, j). */
export function cellSettings(spec: MapSpec, i: number, j: number): { options: Record<string, unknown>; params: Record<string, unknown> } {
  const options: Record<string, unknown> = { ...spec.options };
  const params: Record<string, unknown> = { ...spec.params };
  for (const [ax, v] of [
    [spec.x, spec.x.values[i]],
    [spec.y, spec.y.values[j]],
  ] as const) {
    if (ax.target === 'optimizer') options[ax.key] = v;
    else params[ax.key] = v;
  }
  return { options, params };
}

/** Equilibrium searches for the map: few starts, since a grid of games may need one per cell. */
const STARTS = 16;

/**
 * The function ρ(i, j) of the map: every game the grid needs is made first (one per value of a game-parameter axis,
 * so that a bad value fails before any cell is drawn), its equilibrium found on first use and kept.
 * Cells where the game has no equilibrium give NaN. An optimizer with no linear update map is an {@link InputError}.
 */
export async function cellFunction(spec: MapSpec): Promise<(i: number, j: number) => number> {
  const gameKeys = (i: number, j: number) => JSON.stringify([spec.x.target === 'game' ? i : -1, spec.y.target === 'game' ? j : -1]);
  const made = new Map<string, Game>();
  for (let j = 0; j < spec.y.values.length; j++) {
    if (spec.y.target !== 'game' && j > 0) break;
    for (let i = 0; i < spec.x.values.length; i++) {
      if (spec.x.target !== 'game' && i > 0) break;
      const { params } = cellSettings(spec, i, j);
      try {
        made.set(gameKeys(i, j), await createGame(spec.game, params));
      } catch (e) {
        const ax = [spec.x, spec.y].find((a) => a.target === 'game' && e instanceof InputError && e.where.endsWith(`param ${a.key}`));
        if (ax && e instanceof InputError) throw new InputError(ax === spec.x ? 'x' : 'y', `the range of ${ax.key} leaves what ${spec.game} allows: ${e.what}`);
        throw e;
      }
    }
  }
  const sites = new Map<string, { site: Site | undefined; checked: boolean }>();
  return (i, j) => {
    const key = gameKeys(i, j);
    const game = made.get(key)!;
    let entry = sites.get(key);
    if (!entry) {
      const near = spec.near ?? new Array<number>(gameDim(game)).fill(0);
      entry = { site: nearestSite(game, near, undefined, STARTS), checked: false };
      sites.set(key, entry);
    }
    if (!entry.site) return NaN;
    const { options } = cellSettings(spec, i, j);
    const s = spectrumAt(entry.site, { name: spec.optimizer, options }, game.players.length, !entry.checked);
    if (s.problem) throw new InputError('optimizer', `${spec.optimizer} ${s.problem}`);
    entry.checked = true;
    return s.spectralRadius;
  };
}

export interface ComputeOptions {
  /** Stops the computation (the grid keeps what was done). */
  signal?: AbortSignal;
  /** Called after each chunk with the grid so far. */
  onProgress?(grid: StabilityGrid): void;
  /** Milliseconds of work per chunk (default 12: under one 60 Hz frame). */
  budget?: number;
  /** How to give the page its turn between chunks (default a zero timeout). */
  pause?(): Promise<void>;
}

/**
 * Fills the grid cell by cell in row order, pausing whenever a chunk has used its time budget, so that a page stays
 * responsive while a 100 × 100 map (~10⁴ update maps and eigenvalue problems) is computed.
 */
export async function computeMap(spec: MapSpec, options: ComputeOptions = {}): Promise<StabilityGrid> {
  const { signal, onProgress, budget = 12, pause = () => new Promise<void>((r) => setTimeout(r, 0)) } = options;
  const nx = spec.x.values.length;
  const ny = spec.y.values.length;
  const grid: StabilityGrid = {
    x: spec.x.values,
    y: spec.y.values,
    rho: Array.from({ length: ny }, () => new Float64Array(nx).fill(NaN)),
    done: 0,
    total: nx * ny,
    missing: 0,
  };
  const rho = await cellFunction(spec);
  let chunk = performance.now();
  for (let k = 0; k < grid.total; k++) {
    if (signal?.aborted) return grid;
    const i = k % nx;
    const j = Math.floor(k / nx);
    const r = rho(i, j);
    grid.rho[j][i] = r;
    if (Number.isNaN(r)) grid.missing++;
    grid.done = k + 1;
    if (performance.now() - chunk > budget && k + 1 < grid.total) {
      onProgress?.(grid);
      await pause();
      chunk = performance.now();
    }
  }
  onProgress?.(grid);
  return grid;
}

/** The grid as rows for a CSV: one per cell. */
export function mapRows(spec: MapSpec, grid: StabilityGrid): Record<string, number>[] {
  return grid.y.flatMap((yv, j) => grid.x.map((xv, i) => ({ [spec.x.label]: xv, [spec.y.label]: yv, rho: grid.rho[j][i] })));
}

/**
 * The line ρ = 1 through the rows computed so far, as closed rings of grid coordinates (gx, gy), cell (i, j) spanning
 * [i, i + 1] × [j, j + 1]: d3-contour's marching squares over the cell values, which it places at the cell centres
 * (i + ½, j + ½) and interpolates linearly between neighbours, so a vertex between two centres is where the linear
 * interpolation of ρ is exactly 1. Rings are closed along the grid's border, outside the centres; a drawing clips
 * them to the rectangle of centres. Cells without an equilibrium count as unstable. No line when ρ stays on one side
 * of 1 (or fewer than two rows are done).
 */
export function stabilityContour(grid: StabilityGrid): number[][][] {
  const nx = grid.x.length;
  const rows = Math.floor(grid.done / nx);
  if (rows < 2) return [];
  const values = new Array<number>(nx * rows);
  for (let j = 0; j < rows; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = Number.isFinite(grid.rho[j][i]) ? grid.rho[j][i] : 2;
  if (values.every((v) => v >= 1) || values.every((v) => v < 1)) return [];
  const [level] = contours().size([nx, rows]).thresholds([1])(values);
  return level.coordinates.flatMap((polygon) => polygon);
}

/** The symbol of a parameter in labels: η, β, γ, λ, or its name. */
export const symbol = (key: string): string => ({ lr: 'η', beta: 'β', gamma: 'γ', lambda: 'λ' })[key] ?? key;

/** Where a followed phase plot sits in the map's plane: its values on both axes, or why it is not a point of it. */
export interface FollowedPoint {
  /** The optimizer of the plot that the map analyses. */
  readonly optimizer: string;
  /** The plot's values of the map's x and y parameters (absent with a problem). */
  readonly x?: number;
  readonly y?: number;
  /** Why the plot's settings are no point of this map: a per-player value, or one outside an axis's range. */
  readonly problem?: string;
  /** The plot has stopped running this optimizer (the element then keeps the map it had, without a mark). */
  readonly absent?: boolean;
}

/**
 * A game parameter's default, as the game registry states it ("coupling a (default 1)"): the number after
 * "default", or undefined when the entry gives none.
 */
function gameDefault(game: string, key: string): number | undefined {
  const said = Object.hasOwn(games, game) ? games[game].params[key] : undefined;
  const m = said?.match(/\bdefault (-?\d+(?:\.\d+)?(?:e-?\d+)?)\b/);
  return m ? Number(m[1]) : undefined;
}

/**
 * The map's settings when it follows a phase plot (`for="id"`): the plot's game and params, and the plot's options
 * for `a.optimizer` (the map's own attribute; default the plot's first optimizer), with the map's own axes,
 * resolution and near. The values of the two axis parameters are taken out of the fixed settings (every cell sets
 * them anyway), so that a plot that only changes those moves the mark and leaves the map as it is; `point` is where
 * the plot's values put it: an optimizer option as createOptimizer resolves it (its default when the plot leaves it
 * out), a game parameter as the plot gives it (else the game's default). Bad settings are {@link InputError}s.
 */
export function followPlot(a: MapAttributes, plot: PlotSpec, id: string): { spec: MapSpec; point: FollowedPoint } {
  const names = plot.optimizers.map((o) => o.name);
  if (names.length === 0) throw new InputError('for', `the phase plot "${id}" runs no optimizer (only integrators of the flow), so there is no update map to map`);
  const optimizer = blank(a.optimizer) ? names[0] : a.optimizer.trim();
  const run = plot.optimizers.find((o) => o.name === optimizer);
  if (!run) throw new InputError('optimizer', `${show(optimizer)} is not one of the optimizers that the phase plot "${id}" runs (${names.join(', ')})`);
  // (Each attribute named: an element's attributes are accessors, which a spread would not copy.)
  const full = readMapAttributes({ x: a.x, y: a.y, resolution: a.resolution, near: a.near, game: plot.game, params: JSON.stringify(plot.params), optimizer, opts: JSON.stringify(run.options) });

  const options: Record<string, unknown> = { ...full.options };
  const params: Record<string, unknown> = { ...full.params };
  const resolved = resolveOptions(`optimizer ${optimizer}`, { ...commonOptions, ...optimizers[optimizer].options }, run.options, 2);
  const values: number[] = [];
  let problem: string | undefined;
  for (const ax of [full.x, full.y]) {
    let v: unknown;
    if (ax.target === 'optimizer') {
      delete options[ax.key];
      const r = resolved[ax.key];
      v = r;
      if (Array.isArray(r)) {
        if (r.some((u) => u !== r[0])) problem ??= `its ${symbol(ax.key)} differs per player (${r.join(', ')}), which is no point of this map`;
        v = r[0];
      }
    } else {
      delete params[ax.key];
      v = plot.params[ax.key] ?? gameDefault(plot.game, ax.key);
      if (typeof v !== 'number') problem ??= `its ${symbol(ax.key)} is ${v === undefined ? 'the game’s default, which the game does not state' : show(v)}, which is no point of this map`;
    }
    if (typeof v === 'number' && !(v >= ax.min && v <= ax.max)) problem ??= `its ${symbol(ax.key)} = ${v} is outside this map (${symbol(ax.key)} from ${ax.min} to ${ax.max})`;
    values.push(typeof v === 'number' ? v : NaN);
  }
  const spec: MapSpec = { ...full, options, params };
  return { spec, point: problem ? { optimizer, problem } : { optimizer, x: values[0], y: values[1] } };
}

/** ρ at the point (x, y) of the map's plane (any point, not only a cell centre); NaN without an equilibrium. */
export async function rhoAt(spec: MapSpec, x: number, y: number): Promise<number> {
  const options: Record<string, unknown> = { ...spec.options };
  const params: Record<string, unknown> = { ...spec.params };
  for (const [ax, v] of [
    [spec.x, x],
    [spec.y, y],
  ] as const) {
    if (ax.target === 'optimizer') options[ax.key] = v;
    else params[ax.key] = v;
  }
  const game = await createGame(spec.game, params);
  const site = nearestSite(game, spec.near ?? new Array<number>(gameDim(game)).fill(0), undefined, STARTS);
  if (!site) return NaN;
  const s = spectrumAt(site, { name: spec.optimizer, options }, game.players.length);
  return s.problem ? NaN : s.spectralRadius;
}

/** The attributes of a phase plot that a pick on the map changes. */
export interface PlotSettings {
  lr?: string | null;
  opts?: string | null;
  params?: string | null;
}

/**
 * What a pick at (x, y) sets on the followed phase plot so that it runs the picked parameters: `lr` for η when the
 * plot gives η to all its optimizers (no per-optimizer lr in its opts), else the optimizer's entry in `opts`; any
 * other option in `opts`; a game parameter in `params`. Each value is rounded to the fewest significant digits that
 * keep it within a twentieth of a cell of the pick, so that the plot's attributes stay readable.
 */
export function plotSettingsFor(spec: MapSpec, plot: PlotSettings, optimizer: string, x: number, y: number): PlotSettings {
  const opts = blank(plot.opts) ? {} : jsonObject('opts', plot.opts);
  const params = blank(plot.params) ? {} : jsonObject('params', plot.params);
  const own = (typeof opts[optimizer] === 'object' && opts[optimizer] !== null ? opts[optimizer] : {}) as Record<string, unknown>;
  const out: PlotSettings = {};
  for (const [ax, raw] of [
    [spec.x, x],
    [spec.y, y],
  ] as const) {
    const v = roundWithin(raw, cellWidth(ax, raw) / 20);
    if (ax.target === 'game') {
      params[ax.key] = v;
      out.params = JSON.stringify(params);
    } else if (ax.key === 'lr' && own.lr === undefined) {
      out.lr = String(v);
    } else {
      own[ax.key] = v;
      opts[optimizer] = own;
      out.opts = JSON.stringify(opts);
    }
  }
  return out;
}

/** The width of the cell around v on an axis (in the value's units; on a log axis, at v). */
function cellWidth(ax: MapAxis, v: number): number {
  const n = ax.values.length;
  return ax.log ? v * (Math.pow(ax.max / ax.min, 1 / n) - 1) : (ax.max - ax.min) / n;
}

/** v with the fewest significant digits (up to 15) that stay within `tolerance` of it. */
export function roundWithin(v: number, tolerance: number): number {
  for (let digits = 1; digits < 15; digits++) {
    const r = Number(v.toPrecision(digits));
    if (Math.abs(r - v) <= tolerance) return r;
  }
  return v;
}
