/**
 * Running a scenario: make its game, draw its starts, check every run before any starts (errors relocated to the
 * file and JSON path), then simulate each run from the same starts.
 */
import type { Dynamics } from '../dynamics.ts';
import { InputError } from '../errors.ts';
import { integrate } from '../flow/index.ts';
import type { Game } from '../game.ts';
import { createGame } from '../games/index.ts';
import { createOptimizer } from '../optim/index.ts';
import { optimizerDynamics, simulate, trajectoryOf, type BatchResult, type Trajectory } from '../simulate.ts';
import { makeStarts, type Starts } from '../starts.ts';
import { formatPath } from './parse.ts';
import { isOptimizerRun, type Scenario } from './schema.ts';

/** A run ready to go: its label, and a factory for fresh dynamics over the scenario's starts. */
export interface PreparedRun {
  readonly label: string;
  readonly kind: 'optimizer' | 'integrator';
  make(): Dynamics;
}

/** A scenario with its game made, its starts drawn and every run checked: nothing left that can be bad input. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly game: Game;
  readonly starts: Starts;
  readonly runs: readonly PreparedRun[];
}

/**
 * Moves a registry's error to the scenario's file: the error's own path (a param, an option) under `prefix`, or, when
 * the error has none or `prefix` is undefined, `fallback` with the registry's whole message. Parts that came from a
 * command line keep the registry's wording.
 */
function relocate(e: unknown, scenario: Scenario, prefix: readonly PropertyKey[] | undefined, fallback: readonly PropertyKey[], fromCommandLine = false): unknown {
  if (!(e instanceof InputError) || !scenario.source || fromCommandLine) return e;
  if (!prefix || !e.path) return new InputError(`${scenario.source}: ${formatPath(fallback)}`, e.message, fallback);
  const path = [...prefix, ...e.path];
  return new InputError(`${scenario.source}: ${formatPath(path)}${e.at ? `, ${e.at}` : ''}`, e.what, path, e.at);
}

/**
 * Makes the game, draws the starts and checks every run (options against the game's number of players), so that
 * all bad input is reported before any run starts. For the expr game and a single start, checks that the field
 * is finite there.
 */
export async function prepareScenario(scenario: Scenario): Promise<PreparedScenario> {
  const src = scenario.source;
  const cli = scenario.fromCommandLine ?? {};
  let game: Game;
  try {
    game = await createGame(scenario.game.name, scenario.game.params ?? {});
  } catch (e) {
    throw relocate(e, scenario, ['game', 'params'], ['game'], cli.game);
  }
  const initWhere = cli.init ? '--init' : src ? `${src}: init` : 'init';
  const starts = makeStarts(game, scenario.init, initWhere, scenario.domain);
  if (game.name === 'expr' && starts.kind === 'point') {
    const { checkFinite } = await import('../games/expr.ts');
    try {
      checkFinite(game, scenario.init as number[]);
    } catch (e) {
      // The start makes the expression non-finite: say where the start is, and (in the message) which expression.
      throw relocate(e, scenario, undefined, ['init'], cli.init && cli.game);
    }
  }
  const players = game.players.length;
  const runs = scenario.runs.map((run, i): PreparedRun => {
    const raw = cli.runs?.[i] ?? false;
    if (isOptimizerRun(run)) {
      const options: Record<string, unknown> = { ...run.options };
      if (run.lr !== undefined) options.lr = run.lr;
      try {
        const optimizer = createOptimizer(run.optimizer, options, players);
        return {
          label: run.label ?? optimizer.label,
          kind: 'optimizer',
          make: () => optimizerDynamics(game, optimizer, starts.z, starts.n),
        };
      } catch (e) {
        // lr may sit in the run itself or in its options.
        const lrInRun = e instanceof InputError && e.path?.[0] === 'lr' && run.lr !== undefined;
        throw relocate(e, scenario, lrInRun ? ['runs', i] : ['runs', i, 'options'], ['runs', i], raw);
      }
    }
    const make = () => integrate(run.integrator, run.options ?? {}, game, starts.n, run.dt);
    try {
      const probe = integrate(run.integrator, run.options ?? {}, game, 1, run.dt);
      return { label: run.label ?? probe.label, kind: 'integrator', make };
    } catch (e) {
      throw relocate(e, scenario, ['runs', i, 'options'], ['runs', i], raw);
    }
  });
  return { scenario, game, starts, runs };
}

/** One run's outcome: the whole batch, and for a single start its trajectory in plain numbers. */
export interface RunResult {
  readonly label: string;
  readonly kind: 'optimizer' | 'integrator';
  readonly result: BatchResult;
  /** For a scenario with one start: point 0 as a {@link Trajectory} (with its recorded path when `every` > 0). */
  readonly trajectory?: Trajectory;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly game: Game;
  readonly starts: Starts;
  readonly runs: RunResult[];
}

export interface RunScenarioOptions {
  /** Steps done over all runs so far, of `total` = steps × runs, and the index of the run in progress. */
  onProgress?(done: number, total: number, run: number): void;
  /** Called when a run starts. */
  onRunStart?(run: number, label: string): void;
}

/** Runs every run of a scenario (parsed, or prepared by {@link prepareScenario}) from the same starts. */
export async function runScenario(scenario: Scenario | PreparedScenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const prepared = 'starts' in scenario ? scenario : await prepareScenario(scenario);
  const { scenario: spec, game, starts } = prepared;
  const { onProgress, onRunStart } = options;
  const total = spec.steps * prepared.runs.length;
  const runs = prepared.runs.map((run, i): RunResult => {
    onRunStart?.(i, run.label);
    const result = simulate(game, run.make(), starts.z, starts.n, {
      steps: spec.steps,
      every: spec.every,
      tol: spec.tol,
      bound: spec.bound,
      onProgress: onProgress ? (done) => onProgress(i * spec.steps + done, total, i) : undefined,
    });
    onProgress?.((i + 1) * spec.steps, total, i);
    return { label: run.label, kind: run.kind, result, trajectory: starts.n === 1 ? trajectoryOf(game, result, 0) : undefined };
  });
  return { scenario: spec, game, starts, runs };
}

/** The statuses of a batch at a glance: counts, and the median norm of the final points. */
export interface BatchSummary {
  points: number;
  converged: number;
  diverged: number;
  running: number;
  medianNorm: number;
}

/** Counts a batch's statuses and takes the median of ‖final point‖. */
export function summarizeBatch(result: BatchResult): BatchSummary {
  const { n, final, status } = result;
  const norms = new Float64Array(n);
  for (let i = 0; i < final.length; i++) {
    const block = final[i];
    for (let k = 0; k < block.length; k++) norms[k % n] += block[k] * block[k];
  }
  for (let b = 0; b < n; b++) norms[b] = Math.sqrt(norms[b]);
  norms.sort();
  const medianNorm = n % 2 ? norms[(n - 1) / 2] : (norms[n / 2 - 1] + norms[n / 2]) / 2;
  const counts = [0, 0, 0];
  for (let b = 0; b < n; b++) counts[status[b]]++;
  return { points: n, converged: counts[1], diverged: counts[2], running: counts[0], medianNorm };
}
